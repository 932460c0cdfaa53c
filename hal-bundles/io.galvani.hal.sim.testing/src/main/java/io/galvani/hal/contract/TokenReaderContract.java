package io.galvani.hal.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.galvani.hal.api.DeviceStatus;
import io.galvani.hal.api.PresentedToken;
import io.galvani.hal.api.TokenListener;
import io.galvani.hal.api.TokenReader;

/**
 * The behavioural contract of {@link TokenReader} (its Javadoc and the io.galvani.hal.api package
 * Javadoc), as a test any token-reader driver runs: extend this class and implement
 * {@link #createHarness()} for your driver and test bench (a real device, or a fake of it on loopback).
 */
public abstract class TokenReaderContract {

    /** OCPP 2.0.1 IdTokenEnumType values. */
    public static final Set<String> ID_TOKEN_TYPES = Set.of("Central", "eMAID", "ISO14443", "ISO15693", "KeyCode",
            "Local", "MacAddress", "NoAuthorization");

    protected static final long MAX_CALL_MILLIS = 50;

    /** What the contract needs from the driver's test set-up. */
    public interface Harness extends AutoCloseable {
        /** The reader under test, activated (its device may still be connecting). */
        TokenReader reader();

        /** The reader's configured EVSE ({@code hal.evse.id}), 0 for a station-wide reader. */
        int evseId();

        /** Registers a whiteboard listener as DS would (the driver's dynamic multiple reference). */
        void addListener(TokenListener listener);

        void removeListener(TokenListener listener);

        /**
         * Makes the device read a card whose id the driver reports as {@code idToken} (upper-case hex
         * for ISO 14443 UIDs), e.g. the bench writes it to the reader's line.
         */
        void presentCard(String idToken);

        /** Whether {@link #disconnectDevice()} / {@link #reconnectDevice()} can be played on this bench. */
        default boolean canDisconnect() {
            return false;
        }

        /** Makes the device unreachable (cable pulled, reader powered off). */
        default void disconnectDevice() {
            throw new UnsupportedOperationException();
        }

        /** Makes the device reachable again after {@link #disconnectDevice()}. */
        default void reconnectDevice() {
            throw new UnsupportedOperationException();
        }

        default Duration timeout() {
            return Duration.ofSeconds(10);
        }

        /** Deactivates the driver (as DS would) and stops the bench. */
        @Override
        void close();
    }

    protected abstract Harness createHarness() throws Exception;

    private Harness harness;

    @BeforeEach
    void setUpHarness() throws Exception {
        harness = createHarness();
    }

    @AfterEach
    void closeHarness() {
        if (harness != null) {
            harness.close();
        }
    }

    @Test
    void tokenTypesAreOcppValuesAndCallsAreFast() {
        TokenReader reader = harness.reader();
        long t0 = System.nanoTime();
        Set<String> types = reader.tokenTypes();
        DeviceStatus status = reader.status();
        assertThat((System.nanoTime() - t0) / 1_000_000).as("tokenTypes() + status() ms").isLessThanOrEqualTo(MAX_CALL_MILLIS);
        assertThat(types).isNotEmpty().isSubsetOf(ID_TOKEN_TYPES);
        assertThat(status).isNotNull();
        assertThat(status.state() == DeviceStatus.State.ONLINE || status.reason() != null)
                .as("a reader that is not ONLINE says why: %s", status).isTrue();
    }

    @Test
    void comesOnlineWithItsDevice() {
        awaitOnline();
    }

    @Test
    void aPresentedCardReachesEveryListenerOnceOnTheDriversThread() {
        awaitOnline();
        Recorder first = new Recorder();
        Recorder second = new Recorder();
        harness.addListener(first);
        harness.addListener(second);

        harness.presentCard("04A2B3C4D5E6F7");

        await().atMost(harness.timeout()).until(() -> first.tokens().size() == 1 && second.tokens().size() == 1);
        PresentedToken token = first.tokens().get(0);
        assertThat(token.idToken()).isEqualTo("04A2B3C4D5E6F7");
        assertThat(token.type()).isIn(harness.reader().tokenTypes());
        assertThat(token.evseId()).isEqualTo(harness.evseId());
        assertThat(second.tokens()).containsExactly(token);
        assertThat(first.readers).containsOnly(harness.reader());
        assertThat(first.threads).doesNotContain(Thread.currentThread().getName());
    }

    @Test
    void cardsArriveInOrderOneAtATime() {
        awaitOnline();
        Recorder recorder = new Recorder();
        harness.addListener(recorder);
        List<String> cards = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String card = String.format("04A2B3C4D5E6%02X", i);
            cards.add(card);
            harness.presentCard(card);
        }
        await().atMost(harness.timeout()).until(() -> recorder.tokens().size() >= cards.size());
        assertThat(recorder.tokens()).extracting(PresentedToken::idToken).containsExactlyElementsOf(cards);
        assertThat(recorder.maxConcurrent.get()).as("listener calls at once").isEqualTo(1);
    }

    @Test
    void aFailingListenerDoesNotStopTheReader() {
        awaitOnline();
        harness.addListener((reader, token) -> {
            throw new IllegalStateException("listener bug (expected by the test)");
        });
        Recorder recorder = new Recorder();
        harness.addListener(recorder);

        harness.presentCard("04A2B3C4D5E6F7");
        harness.presentCard("04A2B3C4D5E6F8");

        await().atMost(harness.timeout()).until(() -> recorder.tokens().size() == 2);
        assertThat(harness.reader().status().isOnline()).isTrue();
    }

    @Test
    void aRemovedListenerIsNoLongerCalled() {
        awaitOnline();
        Recorder removed = new Recorder();
        Recorder kept = new Recorder();
        harness.addListener(removed);
        harness.addListener(kept);
        harness.removeListener(removed);

        harness.presentCard("04A2B3C4D5E6F7");

        await().atMost(harness.timeout()).until(() -> kept.tokens().size() == 1);
        assertThat(removed.tokens()).isEmpty();
    }

    @Test
    void aLostDeviceIsReportedOfflineWithAReasonAndComesBack() {
        Assumptions.assumeTrue(harness.canDisconnect(), "this bench cannot disconnect the device");
        awaitOnline();
        Recorder recorder = new Recorder();
        harness.addListener(recorder);

        harness.disconnectDevice();
        await().atMost(harness.timeout()).until(() -> harness.reader().status().state() == DeviceStatus.State.OFFLINE);
        assertThat(harness.reader().status().reason()).isNotBlank();

        harness.reconnectDevice();
        awaitOnline();
        harness.presentCard("04A2B3C4D5E6F7");
        await().atMost(harness.timeout()).until(() -> recorder.tokens().size() == 1);
    }

    private void awaitOnline() {
        await().atMost(harness.timeout()).until(() -> harness.reader().status().isOnline());
    }

    /** Records what a listener saw, on which thread, and how many calls overlapped. */
    private static final class Recorder implements TokenListener {
        private final List<PresentedToken> tokens = Collections.synchronizedList(new ArrayList<>());
        final List<TokenReader> readers = Collections.synchronizedList(new ArrayList<>());
        final List<String> threads = Collections.synchronizedList(new ArrayList<>());
        private final AtomicInteger inFlight = new AtomicInteger();
        final AtomicInteger maxConcurrent = new AtomicInteger();

        @Override
        public void tokenPresented(TokenReader reader, PresentedToken token) {
            maxConcurrent.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            try {
                readers.add(reader);
                threads.add(Thread.currentThread().getName());
                tokens.add(token);
            } finally {
                inFlight.decrementAndGet();
            }
        }

        List<PresentedToken> tokens() {
            synchronized (tokens) {
                return List.copyOf(tokens);
            }
        }
    }
}
