package io.galvani.security.events.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.galvani.hal.api.DeviceStatus;
import io.galvani.hal.api.TamperSensor;
import io.galvani.security.api.SecurityEventType;

class TamperWatchTest {

    @Test
    void aTrippedSensorIsTheCriticalEventTamperDetectionActivated_closingItIsNot() {
        List<String> reported = new ArrayList<>();
        TamperWatch watch = new TamperWatch((type, techInfo) -> reported.add(type + ": " + techInfo));
        TamperSensor door = new TamperSensor() {
            @Override
            public boolean tampered() {
                return true;
            }

            @Override
            public DeviceStatus status() {
                return DeviceStatus.ONLINE;
            }
        };

        watch.tamperChanged(door, true);
        watch.tamperChanged(door, false);

        assertThat(reported).singleElement().asString().startsWith(SecurityEventType.TAMPER_DETECTION_ACTIVATED)
                .contains("tripped");
        assertThat(SecurityEventType.isCritical(SecurityEventType.TAMPER_DETECTION_ACTIVATED)).isTrue();
    }
}
