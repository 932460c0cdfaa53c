package io.galvani.telemetry.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TelemetryBufferTest {
    @TempDir
    Path dir;

    @Test
    void keepsOrderAcrossReopen() throws Exception {
        Path file = dir.resolve("t/buffer.db");
        try (TelemetryBuffer b = TelemetryBuffer.open(file, 100)) {
            b.append(List.of(event("a"), meter("m1"), event("b")));
        }
        try (TelemetryBuffer b = TelemetryBuffer.open(file, 100)) {
            assertThat(b.size()).isEqualTo(3);
            List<Message> all = b.peek(10);
            assertThat(all).extracting(Message::topic).containsExactly("a", "m1", "b");
            assertThat(all.get(1).meter()).isTrue();
            assertThat(all.get(0).retained()).isTrue();
            b.removeThrough(all.get(1).id());
            assertThat(b.peek(10)).extracting(Message::topic).containsExactly("b");
            assertThat(b.size()).isEqualTo(1);
        }
    }

    @Test
    void whenFullTheOldestMeterSamplesGoFirst() throws Exception {
        try (TelemetryBuffer b = TelemetryBuffer.open(dir.resolve("buffer.db"), 100)) {
            List<Message> batch = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                batch.add(meter("m" + i));
                batch.add(i % 2 == 0 ? event("e" + i) : meter("x" + i));
            }
            int dropped = b.append(batch);
            assertThat(dropped).isEqualTo(20);
            assertThat(b.size()).isEqualTo(100);
            assertThat(b.dropped()).isEqualTo(20);
            List<Message> kept = b.peek(200);
            // All 30 events survive; the 20 oldest meter samples are gone, the rest keep their order.
            assertThat(kept.stream().filter(m -> !m.meter()).count()).isEqualTo(30);
            assertThat(kept.get(0).topic()).isEqualTo("e0");
            assertThat(kept.stream().filter(Message::meter).map(Message::topic).toList()).doesNotContain("m0", "x1")
                    .contains("m59", "x59");
            assertThat(kept).isSortedAccordingTo((x, y) -> Long.compare(x.id(), y.id()));
        }
    }

    @Test
    void whenFullOfEventsTheOldestEventsGo() throws Exception {
        try (TelemetryBuffer b = TelemetryBuffer.open(dir.resolve("buffer.db"), 100)) {
            List<Message> batch = new ArrayList<>();
            for (int i = 0; i < 150; i++) {
                batch.add(event("e" + i));
            }
            assertThat(b.append(batch)).isEqualTo(50);
            assertThat(b.peek(1).get(0).topic()).isEqualTo("e50");
        }
    }

    @Test
    void anUnreadableFileIsMovedAsideAndANewOneStarted() throws Exception {
        Path file = dir.resolve("buffer.db");
        Files.write(file, "this is not a database, it is a text file of some length.....".repeat(100)
                .getBytes(StandardCharsets.UTF_8));
        try (TelemetryBuffer b = TelemetryBuffer.open(file, 100)) {
            b.append(List.of(event("a")));
            assertThat(b.size()).isEqualTo(1);
        }
        assertThat(dir.resolve("buffer.db.unreadable")).exists();
    }

    private static Message event(String topic) {
        return Message.event(topic, "{}".getBytes(StandardCharsets.UTF_8), true);
    }

    private static Message meter(String topic) {
        return Message.meter(topic, "{}".getBytes(StandardCharsets.UTF_8));
    }
}
