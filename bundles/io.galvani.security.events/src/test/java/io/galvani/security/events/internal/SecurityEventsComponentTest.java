package io.galvani.security.events.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.BundleContext;

import io.galvani.hal.sim.testing.Configs;
import io.galvani.security.api.SecurityEventType;
import io.galvani.station.api.StationClock;

/** The DS component: where the log lives, and that stopping it leaves nothing behind (hot swap). */
class SecurityEventsComponentTest {
    @TempDir
    Path data;

    private final StationClock clock = new StationClock() {
        @Override
        public Instant now() {
            return Instant.parse("2030-01-01T00:00:00Z");
        }

        @Override
        public void adjustTo(Instant csmsTime) {
        }
    };

    @Test
    void theLogIsInTheLogsFolderOfTheDataDirWhereGetLogLooks() throws Exception {
        SecurityEventsComponent component = activate(Map.of());
        component.report(SecurityEventType.STARTUP_OF_THE_DEVICE, "reason=PowerUp");
        component.deactivate();

        assertThat(Files.readString(data.resolve("logs").resolve("security.log")))
                .contains("2030-01-01T00:00:00.000Z StartupOfTheDevice reason=PowerUp #2 ");
    }

    @Test
    void aConfiguredDirectoryIsUsedInstead() throws Exception {
        Path elsewhere = data.resolve("secure");
        SecurityEventsComponent component = activate(Map.of("logDirectory", elsewhere.toString()));
        component.report(SecurityEventType.RESET_OR_REBOOT, "");
        component.deactivate();

        assertThat(elsewhere.resolve("security.log")).exists();
        assertThat(data.resolve("logs")).doesNotExist();
    }

    @Test
    void stoppingLeavesNoThreadAndStartingAgainContinuesTheChain() throws Exception {
        for (int i = 0; i < 3; i++) {
            SecurityEventsComponent component = activate(Map.of("memoryCheckIntervalSeconds", 1));
            component.report(SecurityEventType.STARTUP_OF_THE_DEVICE, "start " + i);
            component.modified(Configs.of(SecurityEventsConfig.class, Map.of("memoryCheckIntervalSeconds", 2)));
            component.deactivate();
            for (Thread t : threads()) {
                t.join(5000); // its pool has terminated; the thread itself ends an instant later
            }
            assertThat(threads()).as("after stop %d", i).isEmpty();
        }

        assertThat(ChainVerifier.verify(data.resolve("logs"))).satisfies(r -> {
            assertThat(r.intact()).isTrue();
            assertThat(r.records()).isEqualTo(4);
        });
    }

    private SecurityEventsComponent activate(Map<String, Object> config) {
        BundleContext context = (BundleContext) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] { BundleContext.class }, (p, method, args) -> {
                    if (method.getName().equals("getProperty") && "galvani.data.dir".equals(args[0])) {
                        return data.toString();
                    }
                    if (method.getName().equals("getProperty")) {
                        return null;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        return new SecurityEventsComponent(clock, Configs.of(SecurityEventsConfig.class, config), context);
    }

    private static List<Thread> threads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("galvani-security-events") && t.isAlive()).toList();
    }
}
