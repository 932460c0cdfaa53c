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
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.galvani.bench.StationApi;
import io.galvani.bench.StationProcess;
import io.galvani.csms.demo.CsmsOptions;
import io.galvani.csms.demo.DemoCsms;
import io.galvani.csms.demo.Direction;
import io.galvani.csms.demo.FrameValidator;

/**
 * Power cuts. The station runs as it does in the field, as its own process ({@code bin/galvani}), and is killed
 * with SIGKILL at a random instant of each run: while it boots and ends the transaction the previous cut
 * interrupted, while a card is checked or the CSMS starts a session, during cable check and charging, while a
 * session stops, while events are in flight. After every cut it starts again on the same data dir, as a station
 * does when the power returns.
 *
 * <p>In the end every transaction must have reached the CSMS whole and in order (see {@link EventLedger}): no
 * seqNo gap, no second Started, exactly one Ended (PowerLoss for the interrupted ones), a repeated event only as an
 * identical resend after a cut, and every transaction the station showed on its local API among them.
 *
 * <p>CI runs {@value #DEFAULT_CUTS} cuts (about 4 minutes). Long mode, about an hour:
 * {@code mvn -B verify -pl distribution/itest -Dtest=PowerCutTest -Dpowercut.cuts=1000}; replay one run with the
 * seed it prints: {@code -Dpowercut.seed=…}.
 */
class PowerCutTest {
    static final int DEFAULT_CUTS = 50;
    private static final String STATION = "POWERCUT-1";
    private static final String CARD = "{\"idToken\":\"04A2B3C4D5E6F7\",\"type\":\"ISO14443\",\"evseId\":1}";
    /** How many runs are cut while the station boots, rather than during a session. */
    private static final int BOOT_CUTS_PERCENT = 20;
    /** Those are cut this long after the JVM was launched, at most: about the time it takes to be ready. */
    private static final int BOOT_MILLIS = 4_000;
    /** The others this long after a session began, at most: starting, charging, stopping, idle again. */
    private static final int SESSION_MILLIS = 3_000;

    private final int cuts = Integer.getInteger("powercut.cuts", DEFAULT_CUTS);
    private final long seed = Long.getLong("powercut.seed", System.nanoTime());
    private final Random random = new Random(seed);
    private Path dataDir;
    private final ScheduledExecutorService killer = Executors.newSingleThreadScheduledExecutor();
    /** When each station process was killed: from before the SIGKILL until the process was gone. */
    private final List<EventLedger.Interruption> cutsAt = new ArrayList<>();
    /** The transactionIds the station showed on its local API. */
    private final Set<String> shown = new ConcurrentSkipListSet<>();
    private DemoCsms csms;

    @BeforeEach
    void setUp() throws IOException {
        dataDir = ProcessStations.freshDataDir("PowerCutTest");
        csms = DemoCsms.start(CsmsOptions.builder().port(0).logTraffic(false)
                .validator(FrameValidator.framing().and(SchemaFrameValidator.fromSystemProperty())).build());
    }

    @AfterEach
    void tearDown() {
        killer.shutdownNow();
        csms.close();
    }

    @Test
    void killedAtRandomInstants_everyTransactionReachesTheCsmsWhole_inOrder_withoutGapsOrSecondStart()
            throws Exception {
        System.out.printf("PowerCutTest: %d cuts, seed %d (-Dpowercut.seed=%d replays it)%n", cuts, seed, seed);
        int cutsDuringBoot = 0;
        for (int run = 0; run < cuts; run++) {
            int connectionsBefore = csms.connectionCount(STATION);
            StationProcess station = start();
            boolean duringBoot = random.nextInt(100) < BOOT_CUTS_PERCENT;
            Future<Duration> cut;
            if (duringBoot) {
                // While it boots: ending and sending what the previous cut interrupted, connecting, registering.
                cut = cutAfter(station, random.nextInt(BOOT_MILLIS));
                cutsDuringBoot++;
            } else {
                awaitReady(station, connectionsBefore);
                cut = cutAfter(station, random.nextInt(SESSION_MILLIS));
                drive(station);
            }
            Duration at = cut.get(120, TimeUnit.SECONDS);
            if (run % 10 == 9) {
                System.out.printf("PowerCutTest: %d cuts done (the last %d ms %s); %s%n", run + 1, at.toMillis(),
                        duringBoot ? "after launch" : "into the session", EventLedger.of(csms.frames()).summary());
            }
        }

        // The power returns for good: the station ends what the last cut interrupted and delivers everything queued.
        StationProcess last = start();
        try {
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).until(() -> ProcessStations.transactionQueueEmpty(csms, STATION)
                    && EventLedger.of(csms.frames()).allEnded());
            // The firmware installer's record of the delivered bundle set, which the cuts interrupted again and
            // again: completed once, nothing left of the interrupted attempts.
            Path sets = dataDir.resolve("firmware/sets");
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                    .untilAsserted(() -> assertThat(ProcessStations.children(sets))
                            .as("firmware sets after the cuts").hasSize(1)
                            .allSatisfy(set -> assertThat(set.resolve("galvani-image.json")).isRegularFile()));
        } finally {
            last.close();
        }

        EventLedger ledger = EventLedger.of(csms.frames());
        System.out.printf("PowerCutTest: %d cuts (%d before a session began), %s%n", cuts, cutsDuringBoot,
                ledger.summary());
        assertThat(ledger.problems(cuts())).as("events lost, out of order or resent wrongly").isEmpty();
        assertThat(ledger.transactionIds()).as("every transaction the station showed reached the CSMS")
                .containsAll(shown);
        assertThat(ledger.endedWith("PowerLoss")).as("transactions a cut interrupted, ended after the restart")
                .isGreaterThanOrEqualTo(cuts / 5);
        assertThat(csms.violations()).filteredOn(f -> f.dir() == Direction.TO_CSMS)
                .as("frames from the station that break OCPP-J framing or the OCPP 2.0.1 schemas").isEmpty();
    }

    /** Kills the station after {@code millis}; the future tells when that was, counted from now. */
    private Future<Duration> cutAfter(StationProcess station, long millis) {
        Instant scheduled = Instant.now();
        return killer.schedule(() -> {
            Instant from = Instant.now();
            station.kill();
            synchronized (cutsAt) {
                cutsAt.add(new EventLedger.Interruption(from, Instant.now()));
            }
            return Duration.between(scheduled, from);
        }, millis, TimeUnit.MILLISECONDS);
    }

    /** Connected to the CSMS, transaction bundle running, simulated EV and card reader there. */
    private void awaitReady(StationProcess station, int connectionsBefore) {
        StationApi api = new StationApi(station.apiPort());
        try {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20)).ignoreExceptions()
                    .until(() -> csms.connectionCount(STATION) > connectionsBefore
                            && api.get("/api/v1/status").at("/ocpp/connected").asBoolean()
                            && "IDLE".equals(api.get("/api/v1/status").at("/evses/0/session/phase").asText()));
        } catch (ConditionTimeoutException e) {
            // CI keeps only the console output: say what the station was doing.
            System.out.printf("PowerCutTest: station not ready (seed %d); alive %s; status %s%n%s%n", seed,
                    station.isAlive(), statusOrWhy(api), ProcessStations.tails(dataDir, 80));
            throw e;
        }
    }

    private static String statusOrWhy(StationApi api) {
        try {
            return api.get("/api/v1/status").toString();
        } catch (Exception e) {
            return e.toString();
        }
    }

    /**
     * Plays a driver (or the CSMS) until the station is killed: plug in, start by card or remotely, sometimes
     * stop again. Every step may meet a dead station; that ends the run.
     */
    private void drive(StationProcess station) {
        StationApi api = new StationApi(station.apiPort());
        try {
            postWhenReady(station, api, "/api/v1/evses/1/plug", "", 200);
            boolean byCard = random.nextBoolean();
            if (byCard) {
                postWhenReady(station, api, "/api/v1/rfid", CARD, 202);
            } else {
                csms.call(STATION, "RequestStartTransaction",
                        "{\"evseId\":1,\"remoteStartId\":" + random.nextInt(1_000_000)
                                + ",\"idToken\":{\"idToken\":\"CSMS-REMOTE\",\"type\":\"Central\"}}");
            }
            String txId = awaitTransaction(api, station);
            int ending = random.nextInt(5);
            if (txId != null && ending < 3) {
                Thread.sleep(random.nextInt(1500)); // charge a while: an Updated or two, a random stop instant
                if (ending == 0) {
                    api.post("/api/v1/evses/1/unplug", "", 200);
                } else if (ending == 1 && byCard) {
                    api.post("/api/v1/rfid", CARD, 202);
                } else {
                    csms.call(STATION, "RequestStopTransaction", "{\"transactionId\":\"" + txId + "\"}");
                }
            }
            while (station.isAlive()) {
                remember(api.get("/api/v1/status"));
                Thread.sleep(100);
            }
        } catch (IOException | AssertionError e) {
            // The station died under the request (or is dying): that is the point.
            if (station.isAlive() && e instanceof AssertionError a) {
                throw a;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private String awaitTransaction(StationApi api, StationProcess station) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (station.isAlive() && System.nanoTime() < deadline) {
            String txId = remember(api.get("/api/v1/status"));
            if (txId != null) {
                return txId;
            }
            Thread.sleep(20);
        }
        return null;
    }

    private String remember(JsonNode status) {
        String txId = status.at("/evses/0/transactionId").asText(null);
        if (txId != null) {
            shown.add(txId);
        }
        return txId;
    }

    /** The drivers start after the OCPP path: the simulated EV or card reader may not be there yet (503). */
    private static void postWhenReady(StationProcess station, StationApi api, String path, String body, int status)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                api.post(path, body, status);
                return;
            } catch (AssertionError e) {
                if (!station.isAlive() || System.nanoTime() > deadline || !e.getMessage().contains(" answered 503 ")) {
                    throw e;
                }
            }
            Thread.sleep(20);
        }
    }

    private List<EventLedger.Interruption> cuts() {
        synchronized (cutsAt) {
            return List.copyOf(cutsAt);
        }
    }

    private StationProcess start() throws IOException {
        return ProcessStations.station(csms, STATION, dataDir).start();
    }
}
