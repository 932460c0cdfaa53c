package io.galvani.hal.sim.tamper;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.galvani.hal.api.TamperListener;
import io.galvani.hal.sim.testing.Configs;

class SimulatedTamperSensorTest {
    private final List<Boolean> heard = new ArrayList<>();
    private final TamperListener listener = (sensor, tampered) -> heard.add(tampered);

    private SimulatedTamperSensor sensor() {
        return new SimulatedTamperSensor(Configs.defaults(SimulatedTamperSensor.Config.class), Runnable::run);
    }

    @Test
    void openingAndClosingTheEnclosure_isReportedOncePerChange() {
        SimulatedTamperSensor s = sensor();
        s.addListener(listener);

        s.setTampered(true);
        s.setTampered(true);
        s.setTampered(false);

        assertThat(heard).containsExactly(true, false);
        assertThat(s.tampered()).isFalse();
    }

    @Test
    void aListenerArrivingWhileTheEnclosureIsOpen_isToldAtOnce() {
        SimulatedTamperSensor s = sensor();
        s.setTampered(true);

        s.addListener(listener);

        assertThat(heard).containsExactly(true);
    }
}
