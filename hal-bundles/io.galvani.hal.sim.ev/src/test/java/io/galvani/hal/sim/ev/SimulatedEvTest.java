package io.galvani.hal.sim.ev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;
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
import io.galvani.hal.api.Connector;
import io.galvani.hal.api.ConnectorListener;
import io.galvani.hal.api.ConnectorType;
import io.galvani.hal.api.EvState;
import io.galvani.hal.sim.testing.Configs;
import io.galvani.hal.sim.testing.InlineScheduler;
import io.galvani.hal.sim.testing.MutableClock;
import io.galvani.ocpp.model.types.AttributeEnumType;

class SimulatedEvTest {

    private final MutableClock clock = new MutableClock();
    private final InlineScheduler thread = new InlineScheduler();
    private final List<String> events = new ArrayList<>();

    private SimulatedEv ev(Map<String, Object> overrides) {
        SimulatedEv ev = new SimulatedEv(Configs.of(SimulatedEv.Config.class, overrides), clock, thread, false);
        ev.addListener(new ConnectorListener() {
            @Override
            public void pluggedChanged(Connector connector, boolean plugged) {
                events.add(plugged ? "plugged" : "unplugged");
            }

            @Override
            public void evChanged(Connector connector, EvState state) {
                events.add("ev wants=" + state.wantsEnergy() + " soc=" + (state.stateOfChargePct() == null ? "-"
                        : Math.floor(state.stateOfChargePct())));
            }
        });
        return ev;
    }

    /** Delivers {@code watts} to EVSE 1 for {@code seconds}, in 1 s steps, as the cabinet's ticks would. */
    private void deliver(SimulatedEv ev, double watts, int seconds) {
        ev.cabinetStateChanged(null, charging(1, watts));
        for (int i = 0; i < seconds; i++) {
            clock.advance(Duration.ofSeconds(1));
            ev.cabinetStateChanged(null, charging(1, watts));
        }
    }

    private static CabinetState charging(int evse, double watts) {
        return new CabinetState(evse, CabinetPhase.CHARGING, 800, watts / 800, watts, 480_000, null);
    }

    @Test
    void defaultsDescribeAn800VoltCcsCarAtTwentyPercent() {
        SimulatedEv ev = ev(Map.of());
        assertThat(ev.type()).isEqualTo(ConnectorType.cCCS2);
        assertThat(ev.fixedCable()).isTrue();
        assertThat(ev.isPlugged()).isFalse();
        assertThat(ev.ev()).isEqualTo(EvState.DISCONNECTED);

        ev.plug();

        EvState s = ev.ev();
        assertThat(s.connected()).isTrue();
        assertThat(s.wantsEnergy()).isTrue();
        assertThat(s.stateOfChargePct()).isEqualTo(20.0);
        assertThat(s.maxCurrentA()).isEqualTo(500.0);
        assertThat(s.targetVoltageV()).isBetween(700.0, 800.0);
        assertThat(events).startsWith("plugged");
    }

    @Test
    void socRisesWithDeliveredEnergy() {
        SimulatedEv ev = ev(Map.of());
        ev.plug();

        deliver(ev, 360_000, 77); // 360 kW for 77 s = 7.7 kWh = 10 % of 77 kWh

        assertThat(ev.deliveredWh()).isCloseTo(7700, within(1.0));
        assertThat(ev.ev().stateOfChargePct()).isCloseTo(30.0, within(0.01));
        assertThat(events).contains("ev wants=true soc=25.0", "ev wants=true soc=30.0");
    }

    @Test
    void energyIsNotCountedWhileUnplugged() {
        SimulatedEv ev = ev(Map.of());
        deliver(ev, 100_000, 10);
        assertThat(ev.deliveredWh()).isZero();
        assertThat(ev.stateOfChargePct()).isEqualTo(20.0);
    }

    @Test
    void otherEvsesAndIdlePhasesDeliverNothing() {
        SimulatedEv ev = ev(Map.of());
        ev.plug();
        ev.cabinetStateChanged(null, charging(2, 100_000));
        clock.advance(Duration.ofSeconds(10));
        ev.cabinetStateChanged(null, charging(2, 100_000));
        ev.cabinetStateChanged(null, new CabinetState(1, CabinetPhase.PRE_CHARGE, 800, 0, 0, 1, null));
        clock.advance(Duration.ofSeconds(10));
        ev.cabinetStateChanged(null, CabinetState.idle(1, 0));
        assertThat(ev.deliveredWh()).isZero();
    }

    @Test
    void acceptedCurrentTapersLinearlyAboveTaperStart() {
        assertThat(SimulatedEv.acceptedCurrentA(500, 80, 50)).isEqualTo(500);
        assertThat(SimulatedEv.acceptedCurrentA(500, 80, 80)).isEqualTo(500);
        assertThat(SimulatedEv.acceptedCurrentA(500, 80, 90)).isCloseTo(275, within(1e-9));
        assertThat(SimulatedEv.acceptedCurrentA(500, 80, 100)).isCloseTo(50, within(1e-9));

        SimulatedEv ev = ev(Map.of("initialStateOfChargePct", 79.0));
        ev.plug();
        double before = ev.ev().maxCurrentA();
        deliver(ev, 200_000, 30); // ~1.67 kWh ≈ +2.2 %
        assertThat(ev.ev().stateOfChargePct()).isGreaterThan(81);
        assertThat(ev.ev().maxCurrentA()).isLessThan(before);
    }

    @Test
    void voltageRisesSlightlyWithSoc() {
        assertThat(SimulatedEv.batteryVoltageV(800, 100)).isGreaterThan(SimulatedEv.batteryVoltageV(800, 20));
        assertThat(SimulatedEv.batteryVoltageV(800, 0)).isEqualTo(720);
        assertThat(SimulatedEv.batteryVoltageV(800, 100)).isEqualTo(840);
    }

    @Test
    void suspendsAtTargetSoc() {
        SimulatedEv ev = ev(Map.of("initialStateOfChargePct", 79.0, "targetStateOfChargePct", 80.0));
        ev.plug();
        deliver(ev, 100_000, 60); // 1.67 kWh > 0.77 kWh needed

        assertThat(ev.ev().wantsEnergy()).isFalse();
        assertThat(events).contains("ev wants=false soc=81.0");
    }

    @Test
    void socNeverExceedsHundred() {
        SimulatedEv ev = ev(Map.of("initialStateOfChargePct", 99.0));
        ev.plug();
        deliver(ev, 400_000, 60);
        assertThat(ev.ev().stateOfChargePct()).isEqualTo(100.0);
        assertThat(ev.ev().wantsEnergy()).isFalse();
    }

    @Test
    void suspensionPausesAndResumesDemand() {
        SimulatedEv ev = ev(Map.of());
        ev.plug();
        events.clear();
        ev.setSuspended(true);
        assertThat(ev.ev().wantsEnergy()).isFalse();
        ev.setSuspended(false);
        assertThat(ev.ev().wantsEnergy()).isTrue();
        assertThat(events).containsExactly("ev wants=false soc=20.0", "ev wants=true soc=20.0");
    }

    @Test
    void unplugReportsDisconnectedAndKeepsTheCarsSoc() {
        SimulatedEv ev = ev(Map.of());
        ev.plug();
        ev.setStateOfCharge(55);
        ev.unplug();
        assertThat(ev.isPlugged()).isFalse();
        assertThat(ev.ev()).isEqualTo(EvState.DISCONNECTED);
        ev.plug();
        assertThat(ev.ev().stateOfChargePct()).isEqualTo(55.0);
        assertThat(events).containsSubsequence("plugged", "unplugged", "plugged");
    }

    @Test
    void invalidInputIsRejectedWithTheValue() {
        SimulatedEv ev = ev(Map.of());
        assertThatThrownBy(() -> ev.setStateOfCharge(101)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("101");
        assertThatThrownBy(() -> ev(Map.of("connectorType", "CCS2"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'CCS2'").hasMessageContaining("cCCS2");
        Map<String, Object> bad = new HashMap<>();
        bad.put("batteryCapacityWh", 0.0);
        assertThatThrownBy(() -> ev(bad)).hasMessageContaining("batteryCapacityWh");
    }

    @Test
    void fixedCableLockIsANoOpThatSucceeds() {
        SimulatedEv ev = ev(Map.of());
        assertThat(ev.lock()).isTrue();
        assertThat(ev.unlock()).isTrue();
        SimulatedEv socket = ev(Map.of("fixedCable", false));
        assertThat(socket.lock()).isFalse();
        socket.plug();
        assertThat(socket.lock()).isTrue();
        assertThat(socket.isLocked()).isTrue();
    }

    @Test
    void realThreadDeliversListenerCallsInOrderAndStopsOnDeactivate() {
        SimulatedEv ev = new SimulatedEv(Configs.of(SimulatedEv.Config.class, Map.of()));
        List<String> seen = java.util.Collections.synchronizedList(new ArrayList<>());
        List<String> threads = java.util.Collections.synchronizedList(new ArrayList<>());
        ev.addListener((connector, plugged) -> {
            seen.add(plugged ? "in" : "out");
            threads.add(Thread.currentThread().getName());
        });
        for (int i = 0; i < 50; i++) {
            ev.plug();
            ev.unplug();
        }
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> seen.size() == 100);
        for (int i = 0; i < 100; i++) {
            assertThat(seen.get(i)).isEqualTo(i % 2 == 0 ? "in" : "out");
        }
        assertThat(threads).allMatch(n -> n.equals("galvani-sim-ev-1-1"));
        ev.deactivate();
        ev.plug(); // after deactivate: no exception, nothing delivered
        assertThat(seen).hasSize(100);
    }

    @Test
    void detachableCableContributesItsPlugRetentionLock() {
        SimulatedEv socket = ev(Map.of("fixedCable", false, "hal_evse_id", 2, "hal_connector_id", 3));
        Collection<VariableDefinition> contributed = socket.variables(); // read once, as the device model does
        assertThat(values(contributed)).containsExactly(
                entry("ConnectorPlugRetentionLock@evse2/3.Available", "true"),
                entry("ConnectorPlugRetentionLock@evse2/3.Enabled", "true"),
                entry("ConnectorPlugRetentionLock@evse2/3.Problem", "false"),
                entry("ConnectorPlugRetentionLock@evse2/3.Active", "false"));

        socket.plug();
        socket.lock();
        assertThat(values(contributed)).containsEntry("ConnectorPlugRetentionLock@evse2/3.Active", "true");
        socket.unplug(); // releases the lock
        assertThat(values(contributed)).containsEntry("ConnectorPlugRetentionLock@evse2/3.Active", "false");
    }

    @Test
    void fixedCableHasNoPlugRetentionLock() {
        assertThat(ev(Map.of()).variables()).isEmpty();
    }

    /** Each contributed variable ("Component@evse/connector.Variable") and its Actual value now, in contribution order. */
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
