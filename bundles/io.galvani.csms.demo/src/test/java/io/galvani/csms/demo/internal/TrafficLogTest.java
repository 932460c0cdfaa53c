package io.galvani.csms.demo.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.galvani.csms.demo.Direction;
import io.galvani.csms.demo.Frame;

class TrafficLogTest {

    static Frame frame(Direction dir, String text, String action, List<String> violations) {
        FramingCheck.Parsed p = FramingCheck.parse(text);
        return new Frame(Instant.now(), "GALVANI-0001", dir, text, p.typeId(), p.messageId(),
                action == null ? p.action() : action, p.payload(), violations);
    }

    @Test
    void stationCallIsOneReadableLine() {
        Frame boot = frame(Direction.TO_CSMS, "[2,\"1\",\"BootNotification\",{\"reason\":\"PowerUp\","
                + "\"chargingStation\":{\"model\":\"DC 50\",\"vendorName\":\"Galvani\"}}]", null, List.of());
        assertThat(TrafficLog.describe(boot)).isEqualTo("GALVANI-0001 → CSMS  BootNotification  reason=PowerUp "
                + "chargingStation.model=\"DC 50\" chargingStation.vendorName=Galvani");
    }

    @Test
    void resultNamesTheCallAction() {
        Frame result = frame(Direction.TO_STATION,
                "[3,\"1\",{\"currentTime\":\"2026-01-01T00:00:00.000Z\",\"interval\":300,\"status\":\"Accepted\"}]",
                "BootNotification", List.of());
        assertThat(TrafficLog.describe(result)).isEqualTo("CSMS → GALVANI-0001  BootNotification.result  "
                + "currentTime=2026-01-01T00:00:00.000Z interval=300 status=Accepted");
    }

    @Test
    void errorShowsCodeAndDescription() {
        Frame error = frame(Direction.TO_STATION, "[4,\"1\",\"NotImplemented\",\"nope\",{}]", "FooBar", List.of());
        assertThat(TrafficLog.describe(error)).isEqualTo("CSMS → GALVANI-0001  FooBar.error  NotImplemented \"nope\"");
    }

    @Test
    void arraysAreIndexedLongValuesTruncatedAndPairsCapped() {
        StringBuilder values = new StringBuilder();
        for (int i = 0; i < 12; i++) {
            values.append(i == 0 ? "" : ",").append("{\"value\":").append(i).append('}');
        }
        Frame meter = frame(Direction.TO_CSMS, "[2,\"1\",\"MeterValues\",{\"note\":\"" + "x".repeat(200)
                + "\",\"sampledValue\":[" + values + "]}]", null, List.of());
        String line = TrafficLog.describe(meter);
        assertThat(line).contains("note=" + "x".repeat(79) + "…").contains("sampledValue[0].value=0")
                .contains("sampledValue[8].value=8").doesNotContain("sampledValue[9]").endsWith("…(+3)");
    }

    @Test
    void violationsAndUnreadableFramesAreShown() {
        Frame bad = frame(Direction.TO_CSMS, "oops", null, FramingCheck.parse("oops").violations());
        assertThat(TrafficLog.describe(bad)).startsWith("GALVANI-0001 → CSMS  (unreadable)  oops  ⚠ Not valid JSON");
    }
}
