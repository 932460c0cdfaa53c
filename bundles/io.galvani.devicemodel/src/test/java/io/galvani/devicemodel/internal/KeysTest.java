package io.galvani.devicemodel.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.galvani.devicemodel.api.ComponentKey;
import io.galvani.devicemodel.api.VariableKey;

class KeysTest {

    @Test
    void parsesWhatKeysPrint() {
        for (ComponentKey k : new ComponentKey[] { ComponentKey.of("OCPPCommCtrlr"), ComponentKey.of("EVSE").atEvse(1),
                ComponentKey.of("Connector").atConnector(1, 2), ComponentKey.of("Display").withInstance("main").atEvse(3) }) {
            assertThat(Keys.component(k.toString())).isEqualTo(k);
        }
        assertThat(Keys.component("EVSE@1")).isEqualTo(ComponentKey.of("EVSE").atEvse(1));
        assertThat(Keys.variable("MessageTimeout[Default]")).isEqualTo(VariableKey.of("MessageTimeout", "Default"));
        assertThat(Keys.variable("HeartbeatInterval")).isEqualTo(VariableKey.of("HeartbeatInterval"));
    }
}
