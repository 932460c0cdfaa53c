package io.galvani.hal.sim.meter;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.io.TempDir;

import io.galvani.hal.api.CabinetPhase;
import io.galvani.hal.api.CabinetState;
import io.galvani.hal.api.EnergyMeter;
import io.galvani.hal.contract.EnergyMeterContract;

/** Runs the EnergyMeter contract against the simulator with real threads; a feeder plays the cabinet. */
class SimulatedEnergyMeterContractTest extends EnergyMeterContract {

    @TempDir
    Path dir;

    @Override
    protected Harness createHarness() {
        Path file = dir.resolve("meter.properties");
        ScheduledExecutorService cabinetThread = SimulatedEnergyMeter.newExecutor("test-cabinet");
        return new Harness() {
            private SimulatedEnergyMeter meter = create();
            private volatile double watts;
            private final ScheduledFuture<?> feeder = cabinetThread.scheduleAtFixedRate(() -> meter.cabinetStateChanged(null,
                    new CabinetState(1, CabinetPhase.CHARGING, 800, watts / 800, watts, 480_000, null)), 0, 20, TimeUnit.MILLISECONDS);

            private SimulatedEnergyMeter create() {
                return new SimulatedEnergyMeter(1, file, Duration.ofSeconds(1), Clock.systemUTC(),
                        SimulatedEnergyMeter.newExecutor("galvani-sim-meter-evse1"), true);
            }

            @Override
            public EnergyMeter meter() {
                return meter;
            }

            @Override
            public void startEnergyFlow() {
                watts = 200_000;
            }

            @Override
            public void stopEnergyFlow() {
                watts = 0;
            }

            @Override
            public void restart() {
                meter.deactivate();
                meter = create();
            }

            @Override
            public void close() {
                feeder.cancel(false);
                cabinetThread.shutdownNow();
                meter.deactivate();
            }
        };
    }
}
