package io.galvani.supervisor.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ActivationWatchdogTest {
    private static final Instant T0 = Instant.parse("2026-12-05T10:00:00Z");

    /** The shape of a stack hanging in a DS activate method under Felix SCR 2.2 (abridged). */
    private static final StackTraceElement[] HANGING = {
        frame("java.lang.Thread", "sleep"),
        frame("io.acme.hal.meter.AcmeMeter", "activate"),
        frame("jdk.internal.reflect.DirectMethodHandleAccessor", "invoke"),
        frame("java.lang.reflect.Method", "invoke"),
        frame("org.apache.felix.scr.impl.inject.methods.BaseMethod", "invokeMethod"),
        frame("org.apache.felix.scr.impl.inject.methods.ActivateMethod", "invoke"),
        frame("org.apache.felix.scr.impl.manager.SingleComponentManager", "createImplementationObject"),
        frame("org.apache.felix.scr.impl.manager.SingleComponentManager", "createComponent"),
        frame("org.apache.felix.framework.Felix", "startBundle"),
    };

    private final ActivationWatchdog watchdog = new ActivationWatchdog();
    private final Thread thread = new Thread(() -> { }, "FelixStartLevel");

    @Test
    void findsTheComponentClassAboveScrAndReflection() {
        assertThat(ActivationWatchdog.activatingClass(HANGING)).isEqualTo("io.acme.hal.meter.AcmeMeter");
        assertThat(ActivationWatchdog.activatingClass(new StackTraceElement[] { frame("java.lang.Object", "wait") })).isNull();
    }

    @Test
    void namesAnActivationOnceItExceedsTheTimeoutThenKeepsSayingItHangs() {
        Duration timeout = Duration.ofSeconds(10);
        assertThat(watchdog.check(Map.of(thread, HANGING), T0, timeout)).isEmpty();
        assertThat(watchdog.check(Map.of(thread, HANGING), T0.plusSeconds(10), timeout)).isEmpty();

        var stuck = watchdog.check(Map.of(thread, HANGING), T0.plusSeconds(11), timeout);
        assertThat(stuck).singleElement().satisfies(s -> {
            assertThat(s.implementationClass()).isEqualTo("io.acme.hal.meter.AcmeMeter");
            assertThat(s.firstTime()).isTrue();
            assertThat(s.running()).isEqualTo(Duration.ofSeconds(11));
        });
        assertThat(watchdog.check(Map.of(thread, HANGING), T0.plusSeconds(12), timeout))
                .singleElement().satisfies(s -> assertThat(s.firstTime()).isFalse());
    }

    @Test
    void anActivationThatEndedStartsAfreshNextTime() {
        Duration timeout = Duration.ofSeconds(1);
        watchdog.check(Map.of(thread, HANGING), T0, timeout);
        watchdog.check(Map.of(), T0.plusSeconds(5), timeout);
        assertThat(watchdog.check(Map.of(thread, HANGING), T0.plusSeconds(6), timeout)).isEmpty();
    }

    private static StackTraceElement frame(String cls, String method) {
        return new StackTraceElement(cls, method, null, -1);
    }
}
