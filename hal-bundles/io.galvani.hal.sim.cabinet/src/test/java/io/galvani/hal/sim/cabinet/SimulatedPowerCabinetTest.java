package io.galvani.hal.sim.cabinet;

import static io.galvani.hal.api.CabinetPhase.CABLE_CHECK;
import static io.galvani.hal.api.CabinetPhase.CHARGING;
import static io.galvani.hal.api.CabinetPhase.FAULTED;
import static io.galvani.hal.api.CabinetPhase.IDLE;
import static io.galvani.hal.api.CabinetPhase.PRE_CHARGE;
import static io.galvani.hal.api.CabinetPhase.STOPPING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.galvani.devicemodel.api.ValueSource;
import io.galvani.devicemodel.api.VariableDefinition;
import io.galvani.hal.api.CabinetPhase;
import io.galvani.hal.api.CabinetState;
import io.galvani.hal.api.DeviceStatus;
import io.galvani.hal.sim.testing.Configs;
import io.galvani.hal.sim.testing.FakeConnector;
import io.galvani.hal.sim.testing.InlineScheduler;
import io.galvani.hal.sim.testing.MutableClock;
import io.galvani.ocpp.model.types.AttributeEnumType;

class SimulatedPowerCabinetTest {

    private final MutableClock clock = new MutableClock();
    private final InlineScheduler thread = new InlineScheduler();
    private final List<CabinetState> reports = new ArrayList<>();
    private final FakeConnector ev1 = new FakeConnector(1);
    private final FakeConnector ev2 = new FakeConnector(2);

    private SimulatedPowerCabinet cabinet(Map<String, Object> overrides) {
        SimulatedPowerCabinet c = new SimulatedPowerCabinet(Configs.of(SimulatedPowerCabinet.Config.class, overrides),
                clock, thread, false);
        c.addConnector(ev1);
        c.addConnector(ev2);
        c.addListener((cab, state) -> reports.add(state));
        return c;
    }

    private static Map<String, Object> instant(Map<String, Object> more) {
        Map<String, Object> m = new HashMap<>(Map.of("cableCheckMillis", 0L, "preChargeMillis", 0L));
        m.putAll(more);
        return m;
    }

    private void tick(int millis) {
        clock.advance(Duration.ofMillis(millis));
        thread.runPeriodic();
    }

    private void ticks(int n) {
        for (int i = 0; i < n; i++) {
            tick(250);
        }
    }

    private List<CabinetPhase> phases(int evse) {
        List<CabinetPhase> p = new ArrayList<>();
        for (CabinetState s : reports) {
            if (s.evseId() == evse && (p.isEmpty() || p.get(p.size() - 1) != s.phase())) {
                p.add(s.phase());
            }
        }
        return p;
    }

    @Test
    void sessionGoesThroughCableCheckAndPreChargeOnTimers() {
        SimulatedPowerCabinet cab = cabinet(Map.of());
        ev1.plug(500, 800);

        cab.start(1, 480_000);
        assertThat(cab.state(1).phase()).isEqualTo(CABLE_CHECK);
        tick(1750);
        assertThat(cab.state(1).phase()).isEqualTo(CABLE_CHECK);
        tick(250);
        assertThat(cab.state(1).phase()).isEqualTo(PRE_CHARGE);
        assertThat(cab.state(1).voltageV()).isEqualTo(800);
        assertThat(cab.state(1).currentA()).isZero();
        tick(1000);
        assertThat(cab.state(1).phase()).isEqualTo(CHARGING);
        assertThat(phases(1)).containsExactly(CABLE_CHECK, PRE_CHARGE, CHARGING);
    }

    @Test
    void powerRampsUpAtTheConfiguredRate() {
        SimulatedPowerCabinet cab = cabinet(instant(Map.of()));
        ev1.plug(500, 800);
        cab.start(1, 480_000);
        assertThat(phases(1)).containsExactly(CABLE_CHECK, PRE_CHARGE, CHARGING);
        assertThat(cab.state(1).powerW()).isZero();

        tick(250);
        assertThat(cab.state(1).powerW()).isEqualTo(25_000);
        ticks(3);
        assertThat(cab.state(1).powerW()).isEqualTo(100_000);
        assertThat(cab.state(1).currentA()).isCloseTo(125, within(1e-9));
        ticks(40);
        assertThat(cab.state(1).powerW()).isEqualTo(400_000); // EV: 500 A × 800 V
    }

    @Test
    void powerRespectsEveryLimit() {
        SimulatedPowerCabinet cab = cabinet(instant(Map.of("rampWattsPerSecond", 1e9)));
        ev1.plug(500, 800);
        cab.start(1, 50_000);
        tick(250);
        assertThat(cab.state(1).powerW()).isEqualTo(50_000); // session limit
        assertThat(cab.state(1).limitW()).isEqualTo(50_000);

        cab.setLimit(1, 480_000);
        ev1.plug(100, 400);
        tick(250);
        assertThat(cab.state(1).powerW()).isEqualTo(40_000); // EV current × EV voltage

        ev1.plug(900, 900);
        tick(250);
        assertThat(cab.state(1).powerW()).isEqualTo(480_000); // cabinet rating (600 A × 900 V = 540 kW)

        ev1.plug(900, 700);
        tick(250);
        assertThat(cab.state(1).powerW()).isEqualTo(420_000); // cabinet current: 600 A × 700 V

        cab.setLimit(1, 10_000);
        assertThat(cab.state(1).powerW()).isEqualTo(10_000); // lowered at once, not on the next tick
        assertThat(reports).allSatisfy(s -> assertThat(s.powerW()).isLessThanOrEqualTo(480_000));
    }

    @Test
    void sharedCabinetSplitsItsRatingBetweenActiveSessions() {
        SimulatedPowerCabinet cab = cabinet(instant(Map.of("hal_evse_id", new int[] { 1, 2 }, "rampWattsPerSecond", 1e9)));
        assertThat(cab.evseIds()).containsExactly(1, 2);
        ev1.plug(500, 800);
        ev2.plug(500, 800);

        cab.start(1, 480_000);
        tick(250);
        assertThat(cab.state(1).powerW()).isEqualTo(400_000);

        cab.start(2, 480_000);
        tick(250);
        assertThat(cab.state(1).powerW()).isEqualTo(240_000);
        assertThat(cab.state(2).powerW()).isEqualTo(240_000);

        ev2.plug(100, 800); // EVSE 2 needs only 80 kW: the rest goes to EVSE 1
        tick(250);
        assertThat(cab.state(2).powerW()).isEqualTo(80_000);
        assertThat(cab.state(1).powerW()).isEqualTo(400_000);

        cab.setLimit(1, 100_000);
        ev2.plug(500, 800);
        tick(250);
        assertThat(cab.state(1).powerW()).isEqualTo(100_000);
        assertThat(cab.state(2).powerW()).isEqualTo(380_000);
    }

    @Test
    void suspendedEvStaysChargingAtZeroAmps() {
        SimulatedPowerCabinet cab = cabinet(instant(Map.of("rampWattsPerSecond", 1e9)));
        ev1.plug(500, 800);
        cab.start(1, 480_000);
        tick(250);
        ev1.suspend(true);
        tick(250);
        assertThat(cab.state(1).phase()).isEqualTo(CHARGING);
        assertThat(cab.state(1).currentA()).isZero();
        assertThat(cab.state(1).powerW()).isZero();
        ev1.suspend(false);
        tick(250);
        assertThat(cab.state(1).powerW()).isEqualTo(400_000);
    }

    @Test
    void injectedFaultFaultsTheEvseUntilCleared() {
        SimulatedPowerCabinet cab = cabinet(instant(Map.of()));
        ev1.plug(500, 800);
        cab.start(1, 480_000);
        ticks(4);

        cab.injectFault(1, "insulation fault");

        CabinetState s = cab.state(1);
        assertThat(s.phase()).isEqualTo(FAULTED);
        assertThat(s.fault()).isEqualTo("insulation fault");
        assertThat(s.powerW()).isZero();
        assertThat(cab.status()).isEqualTo(DeviceStatus.faulted("EVSE 1: insulation fault"));
        assertThat(reports.get(reports.size() - 1).fault()).isEqualTo("insulation fault");

        cab.stop(1);
        cab.start(1, 480_000);
        assertThat(cab.state(1).phase()).isEqualTo(FAULTED); // still faulted

        cab.clearFault(1);
        assertThat(cab.state(1).phase()).isEqualTo(IDLE);
        assertThat(cab.state(1).fault()).isNull();
        assertThat(cab.status()).isEqualTo(DeviceStatus.ONLINE);
        cab.start(1, 480_000);
        assertThat(cab.state(1).phase()).isEqualTo(CHARGING);
    }

    @Test
    void stopEndsInIdleThroughStopping() {
        SimulatedPowerCabinet cab = cabinet(instant(Map.of()));
        ev1.plug(500, 800);
        cab.start(1, 480_000);
        ticks(4);
        cab.stop(1);
        assertThat(cab.state(1)).isEqualTo(CabinetState.idle(1, 480_000));
        assertThat(phases(1)).containsExactly(CABLE_CHECK, PRE_CHARGE, CHARGING, STOPPING, IDLE);

        reports.clear();
        cab.stop(1); // safe in any phase
        cab.start(1, 480_000);
        cab.stop(1); // before the cable check ends
        assertThat(cab.state(1).phase()).isEqualTo(IDLE);
    }

    @Test
    void startWithoutVehicleFaults() {
        SimulatedPowerCabinet cab = cabinet(Map.of());
        cab.start(1, 480_000);
        assertThat(cab.state(1).phase()).isEqualTo(FAULTED);
        assertThat(cab.state(1).fault()).isEqualTo("no vehicle connected");
        assertThat(cab.status()).isEqualTo(DeviceStatus.ONLINE); // the cabinet itself is fine
        cab.stop(1);
        assertThat(cab.state(1).phase()).isEqualTo(IDLE);
    }

    @Test
    void vehicleLeavingWhileChargingFaultsWithReason() {
        SimulatedPowerCabinet cab = cabinet(instant(Map.of()));
        ev1.plug(500, 800);
        cab.start(1, 480_000);
        ticks(2);
        ev1.unplug();
        tick(250);
        assertThat(cab.state(1).phase()).isEqualTo(FAULTED);
        assertThat(cab.state(1).fault()).isEqualTo("vehicle disconnected during CHARGING");
        assertThat(cab.state(1).powerW()).isZero();
    }

    @Test
    void evVoltageOutsideTheOutputRangeFailsTheCableCheck() {
        SimulatedPowerCabinet cab = cabinet(instant(Map.of("maxVoltageV", 500.0)));
        ev1.plug(500, 800);
        cab.start(1, 480_000);
        assertThat(cab.state(1).phase()).isEqualTo(FAULTED);
        assertThat(cab.state(1).fault()).isEqualTo("EV voltage 800 V outside output range 150..500 V");
    }

    @Test
    void reportsEveryTickWhileBusyAndNothingWhileIdle() {
        SimulatedPowerCabinet cab = cabinet(Map.of());
        ticks(10);
        assertThat(reports).isEmpty();
        ev1.plug(500, 800);
        cab.start(1, 480_000);
        reports.clear();
        ticks(10);
        // one report per tick, plus one for the phase change CABLE_CHECK -> PRE_CHARGE at 2 s
        assertThat(reports).hasSize(11);
        assertThat(reports.stream().filter(s -> s.phase() == PRE_CHARGE)).hasSize(4);
    }

    @Test
    void unknownEvseAndBadArgumentsAreRejected() {
        SimulatedPowerCabinet cab = cabinet(Map.of());
        assertThatThrownBy(() -> cab.start(2, 1000)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("does not feed EVSE 2");
        assertThatThrownBy(() -> cab.stop(2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> cab.setLimit(2, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> cab.state(2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> cab.injectFault(2, "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> cab.start(1, -1)).hasMessageContaining("-1");
        assertThatThrownBy(() -> cab.injectFault(1, " ")).hasMessageContaining("blank");
        assertThatThrownBy(() -> cabinet(Map.of("hal_evse_id", new int[0]))).hasMessageContaining("hal.evse.id");
    }

    @Test
    void deactivateCancelsTheTickAndGoesOffline() {
        SimulatedPowerCabinet cab = cabinet(Map.of());
        assertThat(thread.periodicTasks()).isEqualTo(1);
        cab.deactivate();
        assertThat(thread.periodicTasks()).isZero();
        assertThat(cab.status().state()).isEqualTo(DeviceStatus.State.OFFLINE);
    }

    @Test
    void waterFillingSharesEquallyAndRedistributes() {
        assertThat(PowerSharing.share(Map.of("a", 100.0, "b", 100.0), 120)).containsEntry("a", 60.0)
                .containsEntry("b", 60.0);
        assertThat(PowerSharing.share(Map.of("a", 10.0, "b", 100.0, "c", 100.0), 120)).containsEntry("a", 10.0)
                .containsEntry("b", 55.0).containsEntry("c", 55.0);
        assertThat(PowerSharing.share(Map.of("a", 0.0), 120)).containsEntry("a", 0.0);
    }

    @Test
    void contributesAnAcDcConverterPerEvseWithTheRatingAsLimits() {
        SimulatedPowerCabinet cab = cabinet(Map.of("hal_evse_id", new int[] { 1, 2 }));
        Collection<VariableDefinition> contributed = cab.variables();

        assertThat(values(contributed)).containsOnlyKeys(
                "AcDcConverter@evse1.Available", "AcDcConverter@evse1.Enabled", "AcDcConverter@evse1.Problem",
                "AcDcConverter@evse1.Power", "AcDcConverter@evse1.DCVoltage", "AcDcConverter@evse1.DCCurrent",
                "AcDcConverter@evse2.Available", "AcDcConverter@evse2.Enabled", "AcDcConverter@evse2.Problem",
                "AcDcConverter@evse2.Power", "AcDcConverter@evse2.DCVoltage", "AcDcConverter@evse2.DCCurrent");
        assertThat(contributed).filteredOn(d -> d.variable().name().equals("Power"))
                .allSatisfy(d -> assertThat(d.characteristics().unit()).isEqualTo("W"))
                .allSatisfy(d -> assertThat(d.characteristics().maxLimit()).isEqualTo(480_000.0));
        assertThat(contributed).filteredOn(d -> d.variable().name().equals("DCVoltage"))
                .allSatisfy(d -> assertThat(d.characteristics().maxLimit()).isEqualTo(1000.0));
        assertThat(contributed).filteredOn(d -> d.variable().name().equals("DCCurrent"))
                .allSatisfy(d -> assertThat(d.characteristics().maxLimit()).isEqualTo(600.0));
    }

    @Test
    void converterValuesFollowThePowerPath() {
        SimulatedPowerCabinet cab = cabinet(instant(Map.of("rampWattsPerSecond", 1e9)));
        Collection<VariableDefinition> contributed = cab.variables(); // read once, as the device model does
        assertThat(values(contributed)).containsEntry("AcDcConverter@evse1.Power", "0")
                .containsEntry("AcDcConverter@evse1.Problem", "false");

        ev1.plug(500, 800);
        cab.start(1, 480_000);
        tick(250);

        assertThat(values(contributed)).containsEntry("AcDcConverter@evse1.Power", "400000")
                .containsEntry("AcDcConverter@evse1.DCVoltage", "800")
                .containsEntry("AcDcConverter@evse1.DCCurrent", "500");
        cab.setLimit(1, 100_000); // lowered at once, not on the next tick
        assertThat(values(contributed)).containsEntry("AcDcConverter@evse1.Power", "100000");
        cab.stop(1);
        assertThat(values(contributed)).containsEntry("AcDcConverter@evse1.Power", "0")
                .containsEntry("AcDcConverter@evse1.DCCurrent", "0");
    }

    @Test
    void injectedFaultIsAProblemOfThatEvsesConverterUntilCleared() {
        SimulatedPowerCabinet cab = cabinet(instant(Map.of("hal_evse_id", new int[] { 1, 2 })));
        Collection<VariableDefinition> contributed = cab.variables();

        cab.injectFault(1, "insulation fault");
        assertThat(values(contributed)).containsEntry("AcDcConverter@evse1.Problem", "true")
                .containsEntry("AcDcConverter@evse2.Problem", "false")
                .containsEntry("AcDcConverter@evse1.Available", "true");

        cab.stop(1); // IDLE, but the fault stays until cleared
        assertThat(values(contributed)).containsEntry("AcDcConverter@evse1.Problem", "true");
        cab.clearFault(1);
        assertThat(values(contributed)).containsEntry("AcDcConverter@evse1.Problem", "false");

        cab.start(2, 480_000); // no EV: a failed session, not a converter problem
        assertThat(cab.state(2).phase()).isEqualTo(FAULTED);
        assertThat(values(contributed)).containsEntry("AcDcConverter@evse2.Problem", "false");
    }

    @Test
    void stoppedCabinetsConvertersAreUnavailable() {
        SimulatedPowerCabinet cab = cabinet(Map.of());
        Collection<VariableDefinition> contributed = cab.variables();
        cab.deactivate();
        assertThat(values(contributed)).containsEntry("AcDcConverter@evse1.Available", "false")
                .containsEntry("AcDcConverter@evse1.Enabled", "false")
                .containsEntry("AcDcConverter@evse1.Problem", "true");
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
