package io.galvani.hal.sim.display;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.galvani.devicemodel.api.ValueSource;
import io.galvani.devicemodel.api.VariableDefinition;
import io.galvani.hal.api.DisplayContent;
import io.galvani.hal.sim.testing.Configs;
import io.galvani.ocpp.model.types.AttributeEnumType;

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

    @Test
    void contributesTheDisplayComponentWithWhatItShows() {
        SimulatedDisplay d = display(Map.of());
        assertThat(values(d.variables())).containsExactly(entry("Display.Available", "true"),
                entry("Display.Enabled", "true"), entry("Display.Problem", "false"),
                entry("Display.DataText[Visible]", ""), entry("Display.Count[HeightInChars]", "4"),
                entry("Display.Count[WidthInChars]", "20"));
    }

    @Test
    void dataTextFollowsTheScreenLive() {
        SimulatedDisplay d = display(Map.of("rows", 2, "columns", 8));
        Collection<VariableDefinition> contributed = d.variables(); // read once, as the device model does

        d.show(DisplayContent.of("Charging at 480 kW", "SoC 80 %", "third line"));
        assertThat(values(contributed)).containsEntry("Display.DataText[Visible]", "Charging\nSoC 80 %");

        d.show(DisplayContent.of("Thanks"));
        assertThat(values(contributed)).containsEntry("Display.DataText[Visible]", "Thanks");
        VariableDefinition text = contributed.stream().filter(v -> v.variable().name().equals("DataText")).findFirst()
                .orElseThrow();
        assertThat(text.characteristics().maxLimit()).isEqualTo(17.0); // 2 lines of 8 and a line break
    }

    @Test
    void screenOfAnEvseIsADisplayOfThatEvse() {
        SimulatedDisplay d = display(Map.of("hal_evse_id", 1));
        assertThat(values(d.variables())).containsKey("Display@evse1.DataText[Visible]").hasSize(6);
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
