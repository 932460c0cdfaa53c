package io.galvani.transactions.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HalCallsTest {
    private final HalCalls hal = new HalCalls(Duration.ofMillis(200));
    private final Object driver = new Object();

    @AfterEach
    void close() {
        hal.close();
    }

    @Test
    void aDriverThatThrowsGivesNoResultAndTheCallerCarriesOn() {
        assertThat(hal.call(driver, "state", () -> {
            throw new IllegalStateException("driver bug");
        })).isEmpty();
        assertThat(hal.run(driver, "start", () -> {
            throw new NullPointerException();
        })).isFalse();
        assertThat(hal.direct(driver, "evseId", () -> {
            throw new IllegalStateException("driver bug");
        })).isEmpty();
        assertThat(hal.call(driver, "evseIds", () -> 7)).contains(7);
    }

    @Test
    void aDriverThatBlocksDoesNotStallTheCaller() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch entered = new CountDownLatch(1);
        // Interrupt-proof on purpose: a driver that ignores the cancel keeps its thread until it returns.
        Runnable blocking = () -> {
            entered.countDown();
            while (true) {
                try {
                    release.await();
                    return;
                } catch (InterruptedException ignored) {
                    // keeps blocking, like a driver stuck in native I/O
                }
            }
        };
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> assertThat(hal.run(driver, "stop", blocking)).isFalse());
        entered.await();
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> assertThat(hal.call(driver, "state", () -> 1))
                .as("queued behind the hung call: times out too").isEmpty());
        release.countDown();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> hal.call(driver, "state", () -> 2).isPresent());
    }
}
