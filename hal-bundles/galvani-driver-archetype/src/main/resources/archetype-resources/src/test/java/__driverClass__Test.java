package ${package};

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.galvani.hal.api.DeviceStatus;
import io.galvani.hal.sim.testing.Configs;

class ${driverClass}Test {

    @Test
    void invalidConfigurationIsRefusedNamingTheProperty() {
        assertThatThrownBy(() -> new ${driverClass}(Configs.of(${driverClass}.Config.class, Map.of())))
                .hasMessage(${driverClass}.PID + ": address must be set to where the device is");
        assertThatThrownBy(() -> new ${driverClass}(Configs.of(${driverClass}.Config.class, Map.of("address", "a", "tokenType", "KeyCode"))))
                .hasMessageContaining("tokenType must be ISO14443 or ISO15693");
        assertThatThrownBy(() -> new ${driverClass}(Configs.of(${driverClass}.Config.class, Map.of("address", "a", "hal_evse_id", -1))))
                .hasMessageContaining("hal.evse.id must be 0");
    }

    @Test
    void stoppingLeavesNoThread() {
        ${driverClass} reader = new ${driverClass}(Configs.of(${driverClass}.Config.class, Map.of("address", "bench")));
        reader.deactivate();
        assertThat(reader.status()).isEqualTo(DeviceStatus.offline("reader stopped"));
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().startsWith("${artifactId}-"));
    }
}
