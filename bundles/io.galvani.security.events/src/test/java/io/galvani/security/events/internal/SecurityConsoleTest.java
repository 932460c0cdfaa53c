package io.galvani.security.events.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.galvani.hal.sim.testing.Configs;
import io.galvani.hal.sim.testing.MutableClock;
import io.galvani.security.api.SecurityEventType;

/**
 * The operator console: {@code security:verify}, {@code security:events [n]}, {@code security:clear yes}
 * (SecurityLogWasCleared, critical). On a real executor: the console waits for its answer.
 */
class SecurityConsoleTest {
    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock();
    private final FakeOutbox outbox = new FakeOutbox();
    private final SecurityCommands commands = new SecurityCommands();
    private SecurityEventsService service;

    @BeforeEach
    void start() {
        service = new SecurityEventsService(dir, clock::instant, Executors.newSingleThreadScheduledExecutor(),
                System::nanoTime, Settings.from(Configs.defaults(SecurityEventsConfig.class)), () -> -1, () -> null);
        service.start();
        commands.setLog(service);
    }

    @AfterEach
    void stop() {
        service.stop(5000);
    }

    @Test
    void verifyTellsTheChainIsIntactOrWhereItBreaks() throws Exception {
        service.report(SecurityEventType.STARTUP_OF_THE_DEVICE, "reason=PowerUp");
        service.report(SecurityEventType.INVALID_MESSAGES, "x");
        assertThat(commands.verify()).startsWith("Security log intact: 3 records in 1 files, #1..#3");

        List<String> lines = new ArrayList<>(Files.readAllLines(dir.resolve(SecurityLog.CURRENT)));
        lines.set(1, lines.get(1).replace("PowerUp", "Watchdog"));
        Files.write(dir.resolve(SecurityLog.CURRENT), lines);

        assertThat(commands.verify()).startsWith("Security log BROKEN at security.log line 2: hash does not match");
    }

    @Test
    void eventsListsTheLastOnesAndWhetherTheCsmsWillHearOfThem() {
        service.report(SecurityEventType.STARTUP_OF_THE_DEVICE, "reason=PowerUp");
        service.report(SecurityEventType.INVALID_MESSAGES, "not JSON");
        assertThat(commands.events(1)).isEqualTo(
                "#3 2025-01-01T00:00:00.000Z InvalidMessages not JSON" + System.lineSeparator());
        assertThat(commands.events()).as("no outbox yet: not known").contains("StartupOfTheDevice reason=PowerUp  [critical]");

        service.outboxBound(outbox);
        service.report(SecurityEventType.RESET_OR_REBOOT, "reason=LocalReset");

        String listed = commands.events();
        assertThat(listed).contains("StartupOfTheDevice reason=PowerUp  [critical, in the outbox]")
                .doesNotContain("@outbox").doesNotContain("@file");
    }

    @Test
    void clearIsRefusedWhileCriticalEventsWaitForTheOutbox() throws Exception {
        service.report(SecurityEventType.STARTUP_OF_THE_DEVICE, "reason=PowerUp");

        assertThat(commands.clear("yes")).startsWith("Refused:");
        assertThat(commands.clear()).contains("security:clear yes");
        assertThat(Files.readString(dir.resolve(SecurityLog.CURRENT))).contains("StartupOfTheDevice");
    }

    @Test
    void clearStartsTheLogWithSecurityLogWasClearedAndTellsTheCsms() throws Exception {
        service.outboxBound(outbox);
        service.report(SecurityEventType.STARTUP_OF_THE_DEVICE, "reason=PowerUp");
        commands.events(1); // runs on the executor, after the hand-over: the event is in the outbox

        assertThat(commands.clear("yes")).contains("Security log cleared; it starts with #");
        commands.events(1); // after the hand-over of SecurityLogWasCleared

        List<String> lines = Files.readAllLines(dir.resolve(SecurityLog.CURRENT));
        assertThat(LogRecord.parse(lines.get(1)).type()).isEqualTo("SecurityLogWasCleared");
        assertThat(lines.get(1)).contains("cleared at the console by operator");
        assertThat(outbox.sentTypes()).containsExactly("StartupOfTheDevice", "SecurityLogWasCleared");
        assertThat(commands.verify()).startsWith("Security log intact");
    }

    @Test
    void withoutTheServiceTheCommandsSaySo() {
        commands.unsetLog(service);

        assertThat(commands.verify()).contains("not running");
        assertThat(commands.events()).contains("not running");
    }
}
