package io.galvani.hal.sim.meter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.galvani.devicemodel.api.ValueSource;
import io.galvani.devicemodel.api.VariableDefinition;
import io.galvani.hal.api.CabinetPhase;
import io.galvani.hal.api.CabinetState;
import io.galvani.hal.api.Connector;
import io.galvani.hal.api.DeviceStatus;
import io.galvani.hal.api.MeterReading;
import io.galvani.hal.sim.testing.Configs;
import io.galvani.hal.sim.testing.FakeConnector;
import io.galvani.hal.sim.testing.InlineScheduler;
import io.galvani.hal.sim.testing.MutableClock;
import io.galvani.ocpp.model.types.AttributeEnumType;

class SimulatedEnergyMeterTest {

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock();
    private final InlineScheduler thread = new InlineScheduler();

    private SimulatedEnergyMeter meter(Path file) {
        return new SimulatedEnergyMeter(1, file, Duration.ofSeconds(5), clock, thread, false);
    }

    private static CabinetState charging(int evse, double watts) {
        return new CabinetState(evse, CabinetPhase.CHARGING, 800, watts / 800, watts, 480_000, null);
    }

    /** {@code watts} for {@code seconds}, reported every 250 ms as the cabinet does. */
    private void deliver(SimulatedEnergyMeter m, double watts, int seconds) {
        m.cabinetStateChanged(null, charging(1, watts));
        for (int i = 0; i < seconds * 4; i++) {
            clock.advance(Duration.ofMillis(250));
            m.cabinetStateChanged(null, charging(1, watts));
        }
    }

    @Test
    void integratesTheCabinetOutputOfItsEvse() {
        SimulatedEnergyMeter m = meter(dir.resolve("m.properties"));
        deliver(m, 100_000, 36); // 100 kW × 36 s = 1 kWh

        MeterReading r = m.read();
        assertThat(r.energyImportWh()).isCloseTo(1000, within(1e-6));
        assertThat(r.powerW()).isEqualTo(100_000);
        assertThat(r.voltageV()).isEqualTo(800);
        assertThat(r.currentA()).isEqualTo(125);
        assertThat(r.timestamp()).isEqualTo(clock.instant());

        m.cabinetStateChanged(null, charging(2, 400_000)); // another EVSE
        clock.advance(Duration.ofSeconds(10));
        m.cabinetStateChanged(null, CabinetState.idle(1, 480_000)); // closes the last 10 s at 100 kW
        clock.advance(Duration.ofSeconds(10));
        m.cabinetStateChanged(null, CabinetState.idle(1, 480_000));
        assertThat(m.read().energyImportWh()).isCloseTo(1000 + 100_000 * 10 / 3600.0, within(1e-6));
        assertThat(m.read().powerW()).isZero();
        assertThat(m.read().currentA()).isZero();
    }

    @Test
    void registerIsMonotonicEvenWithOddReports() {
        SimulatedEnergyMeter m = meter(dir.resolve("m.properties"));
        double last = 0;
        double[] powers = { 50_000, -1000, 0, 480_000, Double.NaN, 10 };
        for (double p : powers) {
            m.cabinetStateChanged(null, charging(1, p));
            clock.advance(Duration.ofSeconds(1));
            double now = m.read().energyImportWh();
            assertThat(now).isGreaterThanOrEqualTo(last);
            last = now;
        }
        assertThat(last).isFinite();
    }

    @Test
    void persistsAtMostEveryIntervalAndOnDeactivate() throws Exception {
        Path file = dir.resolve("sub/m.properties");
        SimulatedEnergyMeter m = meter(file);
        deliver(m, 360_000, 10); // 1 kWh
        assertThat(file).doesNotExist(); // nothing written between persistence ticks

        thread.runPeriodic();
        assertThat(Files.readString(file)).contains("energyImportWh=1000.0", "version=1");
        assertThat(dir.resolve("sub/m.properties.tmp")).doesNotExist();

        deliver(m, 360_000, 10);
        m.deactivate();
        assertThat(Files.readString(file)).contains("energyImportWh=2000.0");
        assertThat(m.status().state()).isEqualTo(DeviceStatus.State.OFFLINE);
    }

    @Test
    void newInstanceContinuesTheRegister() {
        Path file = dir.resolve("m.properties");
        SimulatedEnergyMeter first = meter(file);
        deliver(first, 360_000, 10);
        first.deactivate();

        SimulatedEnergyMeter second = meter(file);
        assertThat(second.read().energyImportWh()).isEqualTo(1000.0);
        deliver(second, 360_000, 10);
        assertThat(second.read().energyImportWh()).isCloseTo(2000.0, within(1e-6));
        assertThat(second.status()).isEqualTo(DeviceStatus.ONLINE);
    }

    @Test
    void unreadableRegisterFileIsKeptAndReported() throws Exception {
        Path file = dir.resolve("m.properties");
        Files.writeString(file, "version=1\nenergyImportWh=garbage\n");
        SimulatedEnergyMeter m = meter(file);
        assertThat(m.status().state()).isEqualTo(DeviceStatus.State.FAULTED);
        assertThat(m.status().reason()).contains("unreadable", "m.properties");
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).anyMatch(n -> n.startsWith("m.properties.corrupt-"));
        }
    }

    @Test
    void unwritableRegisterFileFaultsTheMeter() throws Exception {
        Path blocker = dir.resolve("not-a-dir");
        Files.writeString(blocker, "x");
        SimulatedEnergyMeter m = meter(blocker.resolve("m.properties"));
        deliver(m, 100_000, 1);
        thread.runPeriodic();
        assertThat(m.status().state()).isEqualTo(DeviceStatus.State.FAULTED);
        assertThat(m.status().reason()).startsWith("cannot write register file");
    }

    @Test
    void stateOfChargeComesFromTheConnectorOfItsEvse() {
        SimulatedEnergyMeter m = meter(dir.resolve("m.properties"));
        assertThat(m.read().stateOfChargePct()).isNull();
        m.addConnector(connector(2, 90.0));
        m.addConnector(connector(1, 42.0));
        assertThat(m.read().stateOfChargePct()).isEqualTo(42.0);
    }

    @Test
    void defaultFileLivesInTheDataDirectory() {
        SimulatedEnergyMeter.Config cfg = config(Map.of("hal_evse_id", 3));
        assertThat(SimulatedEnergyMeter.resolveFile(cfg, null)).isEqualTo(Path.of("./galvani-data/sim-meter-evse3.properties"));
        assertThat(SimulatedEnergyMeter.resolveFile(cfg, "/var/lib/galvani"))
                .isEqualTo(Path.of("/var/lib/galvani/sim-meter-evse3.properties"));
        assertThat(SimulatedEnergyMeter.resolveFile(config(Map.of("persistFile", "/tmp/x.properties")), "/d"))
                .isEqualTo(Path.of("/tmp/x.properties"));
    }

    @Test
    void deactivateCancelsPersistence() {
        SimulatedEnergyMeter m = meter(dir.resolve("m.properties"));
        assertThat(thread.periodicTasks()).isEqualTo(1);
        m.deactivate();
        assertThat(thread.periodicTasks()).isZero();
    }

    private static SimulatedEnergyMeter.Config config(Map<String, Object> values) {
        return Configs.of(SimulatedEnergyMeter.Config.class, values);
    }

    private static Connector connector(int evse, double soc) {
        return new FakeConnector(evse).plug(500, 800, soc);
    }

    @Test
    void contributesControlMeteringOfItsEvse() {
        SimulatedEnergyMeter m = new SimulatedEnergyMeter(2, dir.resolve("m.properties"), Duration.ofSeconds(5), clock,
                thread, false);
        assertThat(values(m.variables())).containsOnlyKeys("ControlMetering@evse2.Available",
                "ControlMetering@evse2.Enabled", "ControlMetering@evse2.Problem", "ControlMetering@evse2.Power",
                "ControlMetering@evse2.DCVoltage", "ControlMetering@evse2.DCCurrent",
                "ControlMetering@evse2.EnergyImportRegister");
        assertThat(m.variables()).filteredOn(d -> d.variable().name().equals("EnergyImportRegister"))
                .singleElement().satisfies(d -> assertThat(d.characteristics().unit()).isEqualTo("Wh"));
    }

    @Test
    void meteringValuesFollowTheReadings() {
        SimulatedEnergyMeter m = meter(dir.resolve("m.properties"));
        Collection<VariableDefinition> contributed = m.variables(); // read once, as the device model does
        assertThat(values(contributed)).containsEntry("ControlMetering@evse1.Power", "0")
                .containsEntry("ControlMetering@evse1.EnergyImportRegister", "0")
                .containsEntry("ControlMetering@evse1.Problem", "false");

        deliver(m, 100_000, 36); // 1 kWh

        assertThat(values(contributed)).containsEntry("ControlMetering@evse1.Power", "100000")
                .containsEntry("ControlMetering@evse1.DCVoltage", "800")
                .containsEntry("ControlMetering@evse1.DCCurrent", "125")
                .containsEntry("ControlMetering@evse1.EnergyImportRegister", "1000");
        m.cabinetStateChanged(null, CabinetState.idle(1, 480_000));
        assertThat(values(contributed)).containsEntry("ControlMetering@evse1.Power", "0")
                .containsEntry("ControlMetering@evse1.DCCurrent", "0");
        m.cabinetStateChanged(null, charging(1, Double.NaN)); // a broken cabinet driver: no value, no exception
        assertThat(values(contributed)).containsEntry("ControlMetering@evse1.Power", null)
                .containsEntry("ControlMetering@evse1.EnergyImportRegister", "1000");
    }

    @Test
    void unreadableRegisterFileIsAMeteringProblem() throws Exception {
        Path file = dir.resolve("m.properties");
        Files.writeString(file, "version=1\nenergyImportWh=garbage\n");
        SimulatedEnergyMeter m = meter(file);
        assertThat(values(m.variables())).containsEntry("ControlMetering@evse1.Problem", "true")
                .containsEntry("ControlMetering@evse1.Available", "true");
    }

    /** Each contributed variable ("Component@evse.Variable") and its Actual value now, in contribution order. */
    private static Map<String, String> values(Collection<VariableDefinition> definitions) {
        Map<String, String> values = new LinkedHashMap<>();
        for (VariableDefinition d : definitions) {
            ValueSource source = d.attributes().get(AttributeEnumType.Actual).source();
            values.put(d.toString(), source instanceof ValueSource.Live live ? live.value().get()
                    : ((ValueSource.Constant) source).value());
        }
        return values;
    }
}
