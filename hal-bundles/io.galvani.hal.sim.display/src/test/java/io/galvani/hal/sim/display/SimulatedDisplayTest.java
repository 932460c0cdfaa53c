package io.galvani.hal.sim.display;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.galvani.hal.api.DisplayContent;
import io.galvani.hal.sim.testing.Configs;

class SimulatedDisplayTest {

    private static SimulatedDisplay display(Map<String, Object> overrides) {
        return new SimulatedDisplay(Configs.of(SimulatedDisplay.Config.class, overrides));
    }

    @Test
    void startsBlankWithTheConfiguredSize() {
        SimulatedDisplay d = display(Map.of());
        assertThat(d.rows()).isEqualTo(4);
        assertThat(d.columns()).isEqualTo(20);
        assertThat(d.current().lines()).isEmpty();
        assertThat(d.status().isOnline()).isTrue();
    }

    @Test
    void showsAndReportsContent() {
        SimulatedDisplay d = display(Map.of());
        d.show(DisplayContent.of("Welcome", "Present your card"));
        assertThat(d.current()).isEqualTo(DisplayContent.of("Welcome", "Present your card"));
        d.show(DisplayContent.of("Charging"));
        assertThat(d.current().lines()).containsExactly("Charging");
    }

    @Test
    void truncatesToRowsAndColumns() {
        SimulatedDisplay d = display(Map.of("rows", 2, "columns", 8));
        d.show(DisplayContent.of("Charging at 480 kW", "SoC 80 %", "third line"));
        assertThat(d.current().lines()).containsExactly("Charging", "SoC 80 %");
    }

    @Test
    void controlCharactersDoNotBreakTheOneLineLog() {
        SimulatedDisplay d = display(Map.of());
        d.show(new DisplayContent(Arrays.asList("a\nb", "c\td")));
        assertThat(d.current().lines()).containsExactly("a b", "c d");
    }

    @Test
    void badSizeIsRejected() {
        assertThatThrownBy(() -> display(Map.of("rows", 0))).hasMessageContaining("rows 0");
    }
}
