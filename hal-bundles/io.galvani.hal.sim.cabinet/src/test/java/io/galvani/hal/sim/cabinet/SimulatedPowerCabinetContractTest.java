package io.galvani.hal.sim.cabinet;

import java.util.Map;

import io.galvani.hal.api.PowerCabinet;
import io.galvani.hal.api.PowerCabinetListener;
import io.galvani.hal.contract.PowerCabinetContract;
import io.galvani.hal.sim.testing.Configs;
import io.galvani.hal.sim.testing.FakeConnector;

/** Runs the PowerCabinet contract against the simulator, on its real thread, with short timings. */
class SimulatedPowerCabinetContractTest extends PowerCabinetContract {

    @Override
    protected Harness createHarness() {
        SimulatedPowerCabinet cabinet = new SimulatedPowerCabinet(Configs.of(SimulatedPowerCabinet.Config.class,
                Map.of("cableCheckMillis", 60L, "preChargeMillis", 30L, "tickMillis", 20L, "rampWattsPerSecond", 2_000_000.0)));
        FakeConnector ev = new FakeConnector(1);
        cabinet.addConnector(ev);
        return new Harness() {
            @Override
            public PowerCabinet cabinet() {
                return cabinet;
            }

            @Override
            public void addListener(PowerCabinetListener listener) {
                cabinet.addListener(listener);
            }

            @Override
            public void connectVehicle(int evseId) {
                ev.plug(500, 800);
            }

            @Override
            public void disconnectVehicle(int evseId) {
                ev.unplug();
            }

            @Override
            public void close() {
                cabinet.deactivate();
            }
        };
    }
}
