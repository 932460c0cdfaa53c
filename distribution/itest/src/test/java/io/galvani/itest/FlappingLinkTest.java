package io.galvani.itest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;


import io.galvani.bench.StationApi;
import io.galvani.bench.StationProcess;
import io.galvani.csms.demo.CsmsOptions;
import io.galvani.csms.demo.DemoCsms;
import io.galvani.csms.demo.Direction;
import io.galvani.csms.demo.FrameValidator;
import io.galvani.csms.demo.Handshake;

/**
 * A flapping link: the CSMS drops the station's TCP connection every few seconds, without a close handshake, while
 * drivers charge one session after the other (cards accepted online, then from the Authorization Cache while
 * offline) and the station sends a meter value every second. The station runs as its own process with the default
 * JVM options of {@code bin/galvani} (64 MB heap at most).
 *
 * <p>Checked: every TransactionEvent reached the CSMS, in order, whole ({@link EventLedger}); after each drop the
 * station waited RetryBackOffWaitMinimum + at most RetryBackOffRandomRange before it reconnected (OCPP-J §5.3);
 * the live heap after a full GC stays flat.
 *
 * <p>CI flaps for {@value #DEFAULT_SECONDS} s; longer: {@code -Dflapping.seconds=1800}.
 */
class FlappingLinkTest {
    static final int DEFAULT_SECONDS = 120;
    private static final String STATION = "FLAPPING-1";
    private static final String CARD = "{\"idToken\":\"04A2B3C4D5E6F7\",\"type\":\"ISO14443\",\"evseId\":1}";
    private static final int WAIT_MINIMUM_SECONDS = 2;
    private static final int RANDOM_RANGE_SECONDS = 1;
    /** Time for the station to see the drop and for the test to see the reconnection, beyond the back-off. */
    private static final Duration SLACK = Duration.ofSeconds(3);
    /** Heap growth over the run that still counts as flat: noise of caches, pools and the JIT's helpers. */
    private static final long FLAT_KB = 1536;

    private final int seconds = Integer.getInteger("flapping.seconds", DEFAULT_SECONDS);
    private final long seed = Long.getLong("flapping.seed", System.nanoTime());
    private final Random random = new Random(seed);
    private Path dataDir;
    private final ScheduledExecutorService dropper = Executors.newSingleThreadScheduledExecutor();
    private final List<EventLedger.Interruption> drops = new CopyOnWriteArrayList<>();
    private DemoCsms csms;
    private StationProcess station;

    @BeforeEach
    void setUp() throws IOException {
        dataDir = ProcessStations.freshDataDir("FlappingLinkTest");
        csms = DemoCsms.start(CsmsOptions.builder().port(0).logTraffic(false)
                .validator(FrameValidator.framing().and(SchemaFrameValidator.fromSystemProperty())).build());
    }

    @AfterEach
    void tearDown() {
        dropper.shutdownNow();
        if (station != null) {
            station.close();
        }
        csms.close();
    }

    @Test
    void connectionDroppedEveryFewSeconds_eventsDeliveredInOrder_backOffHonoured_heapFlat() throws Exception {
        System.out.printf("FlappingLinkTest: %d s, seed %d%n", seconds, seed);
        StationProcess.Builder builder = ProcessStations.station(csms, STATION, dataDir);
        builder.systemProperty("galvani.retry.wait.minimum", Integer.toString(WAIT_MINIMUM_SECONDS));
        builder.systemProperty("galvani.retry.random.range", Integer.toString(RANDOM_RANGE_SECONDS));
        station = builder.start();
        StationApi api = new StationApi(station.apiPort());
        csms.awaitCall("StatusNotification", Duration.ofSeconds(60));
        // The metering bundle starts after the OCPP path: until it runs, the variable is UnknownComponent.
        await().atMost(Duration.ofSeconds(30)).until(() -> "Accepted".equals(csms.call(STATION, "SetVariables",
                "{\"setVariableData\":[{\"component\":{\"name\":\"SampledDataCtrlr\"},\"variable\":{\"name\":"
                        + "\"TxUpdatedInterval\"},\"attributeValue\":\"1\"}]}").get(20, TimeUnit.SECONDS)
                .at("/setVariableResult/0/attributeStatus").asText()));
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                .until(() -> api.post("/api/v1/evses/1/plug", "", 200) != null);
        api.post("/api/v1/evses/1/unplug", "", 200);

        Instant end = Instant.now().plusSeconds(seconds);
        scheduleDrop();
        List<Long> heapKb = new ArrayList<>();
        Instant nextHeap = Instant.now().plusSeconds(20);
        int sessions = 0;
        while (Instant.now().isBefore(end)) {
            if (charge(api)) {
                sessions++;
            }
            if (Instant.now().isAfter(nextHeap)) {
                heapKb.add(station.liveHeapKb());
                nextHeap = Instant.now().plusSeconds(20);
            }
        }
        dropper.shutdownNow();
        dropper.awaitTermination(10, TimeUnit.SECONDS);
        heapKb.add(station.liveHeapKb());

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> ProcessStations.transactionQueueEmpty(csms, STATION) && EventLedger.of(csms.frames()).allEnded());
        EventLedger ledger = EventLedger.of(csms.frames());
        List<Handshake> handshakes = csms.handshakes(STATION);
        System.out.printf("FlappingLinkTest: %d sessions, %d drops, %d connections; %s; live heap after GC, kB: %s%n",
                sessions, drops.size(), handshakes.size(), ledger.summary(), heapKb);

        assertThat(sessions).as("sessions charged while the link flapped").isGreaterThanOrEqualTo(seconds / 30);
        assertThat(ledger.problems(drops)).as("events lost, out of order or resent wrongly").isEmpty();
        assertBackOffHonoured(handshakes);
        // A leak raises the floor of the live heap; single readings swing by about 1.5 MB (buffer pools, soft
        // references, caches filling), so the lowest reading of the second half is compared with that of the first.
        List<Long> early = heapKb.subList(0, heapKb.size() / 2);
        List<Long> late = heapKb.subList((heapKb.size() + 1) / 2, heapKb.size());
        assertThat(java.util.Collections.min(late))
                .as("lowest live heap of the second half vs. the first half, readings in kB: %s", heapKb)
                .isLessThanOrEqualTo(java.util.Collections.min(early) + FLAT_KB);
        assertThat(csms.violations()).filteredOn(f -> f.dir() == Direction.TO_CSMS)
                .as("frames from the station that break OCPP-J framing or the OCPP 2.0.1 schemas").isEmpty();
    }

    /** One session: plug, card, charge a few seconds, card, unplug. @return whether it charged */
    private boolean charge(StationApi api) throws IOException, InterruptedException {
        api.post("/api/v1/evses/1/plug", "", 200);
        api.post("/api/v1/rfid", CARD, 202);
        boolean charged = awaitPhase(api, "CHARGING", Duration.ofSeconds(25));
        if (charged) {
            Thread.sleep(3_000 + random.nextInt(8_000)); // a driver charging: Updated events every second
            api.post("/api/v1/rfid", CARD, 202);
            awaitPhase(api, "FINISHED", Duration.ofSeconds(25));
        }
        api.post("/api/v1/evses/1/unplug", "", 200); // answers once the station saw it
        return charged;
    }

    private static boolean awaitPhase(StationApi api, String phase, Duration timeout)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (phase.equals(api.get("/api/v1/status").at("/evses/0/session/phase").asText())) {
                return true;
            }
            Thread.sleep(50);
        }
        return false;
    }

    /** Drops the connection 3 to 6 s after the station (re)connected, again and again. */
    private void scheduleDrop() {
        dropper.schedule(() -> {
            try {
                csms.awaitConnected(STATION, Duration.ofSeconds(60));
                Thread.sleep(3_000 + random.nextInt(3_000));
                Instant from = Instant.now();
                csms.disconnect(STATION);
                csms.awaitDisconnected(STATION, Duration.ofSeconds(10));
                drops.add(new EventLedger.Interruption(from, Instant.now()));
                scheduleDrop();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return null;
        }, 0, TimeUnit.MILLISECONDS);
    }

    private void assertBackOffHonoured(List<Handshake> handshakes) {
        Duration minimum = Duration.ofSeconds(WAIT_MINIMUM_SECONDS);
        Duration maximum = minimum.plusSeconds(RANDOM_RANGE_SECONDS).plus(SLACK);
        List<String> problems = new ArrayList<>();
        for (EventLedger.Interruption drop : drops) {
            Handshake next = handshakes.stream().filter(h -> h.at().isAfter(drop.from())).findFirst().orElse(null);
            if (next == null) {
                problems.add("no reconnection after the drop at " + drop.from());
                continue;
            }
            // Measured from just before the drop: what the station waited plus the few milliseconds it took to
            // notice the drop and to connect again (the exact schedule is BackOffTest's).
            Duration wait = Duration.between(drop.from(), next.at());
            if (wait.compareTo(minimum) < 0 || wait.compareTo(maximum) > 0) {
                problems.add("reconnected " + wait.toMillis() + " ms after the drop at " + drop.from() + ", expected "
                        + minimum.toMillis() + " to " + maximum.toMillis() + " ms");
            }
        }
        assertThat(drops).as("connection drops").hasSizeGreaterThanOrEqualTo(seconds / 10);
        assertThat(problems).as("back-off after each drop").isEmpty();
    }
}
