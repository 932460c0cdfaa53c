package io.galvani.operations.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.galvani.ocpp.model.types.BootReasonEnumType;
import io.galvani.ocpp.model.types.ResetEnumType;
import io.galvani.station.api.ConnectorStatus;

class ResetManagerTest {
    @TempDir
    Path dir;

    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
    private final FakeStation station = FakeStation.of(1, 1);
    private final List<BootReasonEnumType> reboots = new CopyOnWriteArrayList<>();
    private final AtomicInteger failingReboots = new AtomicInteger();
    private final List<Integer> restartedEvses = new CopyOnWriteArrayList<>();
    private volatile CompletableFuture<Void> halRestart = CompletableFuture.completedFuture(null);
    private final List<Runnable> afterResponse = new CopyOnWriteArrayList<>();
    private FakeTransactions transactions;
    private AvailabilityManager availability;
    private ResetManager resets;

    private ResetManager resets(int retries, int immediateTimeoutSeconds) {
        availability = new AvailabilityManager(station, () -> transactions,
                new AvailabilityStore(dir.resolve("availability.properties")), executor);
        availability.start();
        Rebooter rebooter = (reason, r) -> {
            if (failingReboots.getAndDecrement() > 0) {
                throw new IllegalStateException("simulated failure");
            }
            reboots.add(reason);
        };
        HalRestarter hal = evseId -> {
            restartedEvses.add(evseId);
            return halRestart;
        };
        resets = new ResetManager(station, () -> transactions, availability, rebooter, () -> hal, executor,
                new ResetManager.Settings(retries, 1, immediateTimeoutSeconds));
        return resets;
    }

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    private Outcome request(ResetEnumType type, Integer evseId) {
        return resets.request(type, evseId, ResetManager.Origin.CSMS, afterResponse::add);
    }

    /** The transport wrote the CALLRESULT. */
    private void responseSent() {
        afterResponse.forEach(Runnable::run);
        afterResponse.clear();
    }

    @Test
    void B11_noTransaction_accepted_rebootsOnlyAfterTheResponse_remoteReset() throws Exception {
        resets(3, 30);
        assertThat(request(ResetEnumType.OnIdle, null).status()).isEqualTo(Outcome.Status.Accepted);
        Thread.sleep(200);
        assertThat(reboots).isEmpty();
        responseSent();
        await().until(() -> reboots.equals(List.of(BootReasonEnumType.RemoteReset)));
    }

    @Test
    void responseNeverConfirmedWritten_resetsAnywayAfterTheGrace() {
        resets(3, 30);
        resets.responseGrace(300);
        assertThat(request(ResetEnumType.Immediate, null).status()).isEqualTo(Outcome.Status.Accepted);
        // afterResponse tasks are never run (the connection dropped before the CALLRESULT went out).
        await().atMost(Duration.ofSeconds(5)).until(() -> reboots.equals(List.of(BootReasonEnumType.RemoteReset)));
        // A late confirmation does not reboot twice.
        responseSent();
        await().during(Duration.ofMillis(300)).until(() -> reboots.size() == 1);
    }

    @Test
    void B11_resetWhileOneIsPending_rejected() {
        resets(3, 30);
        request(ResetEnumType.OnIdle, null);
        Outcome second = request(ResetEnumType.Immediate, null);
        assertThat(second.status()).isEqualTo(Outcome.Status.Rejected);
        assertThat(second.reasonCode()).isEqualTo("InvalidMessageSeq");
        assertThat(request(ResetEnumType.OnIdle, 1).status()).isEqualTo(Outcome.Status.Rejected);
    }

    @Test
    void B12_FR01_onIdleWithTransaction_scheduled_rebootsWhenIdle_scheduledReset() throws Exception {
        transactions = new FakeTransactions().running(1);
        resets(3, 30);
        Outcome outcome = request(ResetEnumType.OnIdle, null);
        assertThat(outcome.status()).isEqualTo(Outcome.Status.Scheduled);
        responseSent();
        Thread.sleep(200);
        assertThat(reboots).isEmpty();
        transactions.end(1);
        await().until(() -> reboots.equals(List.of(BootReasonEnumType.ScheduledReset)));
        assertThat(transactions.endedForImmediateReset).isEmpty();
    }

    @Test
    void B12_FR02_immediateWithTransaction_accepted_endsItThenReboots() {
        transactions = new FakeTransactions().running(1);
        resets(3, 30);
        assertThat(request(ResetEnumType.Immediate, null).status()).isEqualTo(Outcome.Status.Accepted);
        assertThat(transactions.endedForImmediateReset).isEmpty(); // not before the response
        responseSent();
        await().until(() -> reboots.equals(List.of(BootReasonEnumType.RemoteReset)));
        assertThat(transactions.endedForImmediateReset).containsExactly(0);
    }

    @Test
    void immediateReplacesAScheduledOnIdleReset() {
        transactions = new FakeTransactions().running(1);
        resets(3, 30);
        assertThat(request(ResetEnumType.OnIdle, null).status()).isEqualTo(Outcome.Status.Scheduled);
        assertThat(request(ResetEnumType.Immediate, null).status()).isEqualTo(Outcome.Status.Accepted);
        responseSent();
        await().until(() -> reboots.equals(List.of(BootReasonEnumType.RemoteReset)));
        // The idle that follows the ended transaction does not reboot a second time.
        await().during(Duration.ofMillis(300)).until(() -> reboots.size() == 1);
    }

    @Test
    void immediate_transactionsNotEndedInTime_rebootsAnyway() {
        transactions = new FakeTransactions().running(1);
        transactions.immediateResetCompletes = false;
        resets(3, 1);
        request(ResetEnumType.Immediate, null);
        responseSent();
        await().atMost(Duration.ofSeconds(5)).until(() -> reboots.size() == 1);
    }

    @Test
    void console_localReset() {
        resets(3, 30);
        Outcome outcome = resets.request(ResetEnumType.Immediate, null, ResetManager.Origin.CONSOLE, Runnable::run);
        assertThat(outcome.status()).isEqualTo(Outcome.Status.Accepted);
        await().until(() -> reboots.equals(List.of(BootReasonEnumType.LocalReset)));
    }

    @Test
    void resetRetries_failedRebootTriedAgain() {
        failingReboots.set(2);
        resets(3, 30);
        request(ResetEnumType.OnIdle, null);
        responseSent();
        await().atMost(Duration.ofSeconds(10)).until(() -> reboots.equals(List.of(BootReasonEnumType.RemoteReset)));
    }

    @Test
    void resetRetries_exhausted_givesUpAndAcceptsANewReset() {
        failingReboots.set(100);
        resets(1, 30);
        request(ResetEnumType.OnIdle, null);
        responseSent();
        // 1 attempt + 1 retry, then the pending reset is dropped.
        await().atMost(Duration.ofSeconds(10)).until(() -> !resets.stationResetPending());
        assertThat(failingReboots.get()).isEqualTo(98);
        assertThat(reboots).isEmpty();
    }

    @Test
    void B11_FR08_evseReset_unavailableWhileDriversRestart_thenPreviousAvailability() {
        resets(3, 30);
        availability.change(Scope.connector(2, 1), true);
        halRestart = new CompletableFuture<>();
        assertThat(request(ResetEnumType.OnIdle, 1).status()).isEqualTo(Outcome.Status.Accepted);
        responseSent();
        await().until(() -> restartedEvses.equals(List.of(1)));
        assertThat(station.status(1, 1)).isEqualTo(ConnectorStatus.Unavailable);
        assertThat(request(ResetEnumType.OnIdle, 1).status()).isEqualTo(Outcome.Status.Rejected);

        halRestart.complete(null);
        await().until(() -> station.status(1, 1) == ConnectorStatus.Available);
        assertThat(station.status(2, 1)).isEqualTo(ConnectorStatus.Unavailable);
        assertThat(reboots).isEmpty();
        await().until(() -> !resets.evseResetPending(1));
    }

    @Test
    void evseReset_endsOnlyOnceItsConnectorsAreBackFromTheDriverRestart() throws Exception {
        resets(3, 30);
        halRestart = new CompletableFuture<>();
        request(ResetEnumType.OnIdle, 1);
        responseSent();
        await().until(() -> restartedEvses.equals(List.of(1)));
        // The driver went away: the station shows the connector Faulted until it is back.
        station.add(new io.galvani.station.api.ConnectorView(1, 1, "cCCS2", ConnectorStatus.Faulted, false));
        halRestart.complete(null);
        Thread.sleep(300);
        assertThat(resets.evseResetPending(1)).isTrue();
        availability.reassert(station.driverRestarted(1, 1));
        assertThat(station.status(1, 1)).isEqualTo(ConnectorStatus.Unavailable);
        await().until(() -> !resets.evseResetPending(1));
        assertThat(station.status(1, 1)).isEqualTo(ConnectorStatus.Available);
    }

    @Test
    void B11_FR09_unknownEvse_rejected() {
        resets(3, 30);
        Outcome outcome = request(ResetEnumType.Immediate, 5);
        assertThat(outcome.status()).isEqualTo(Outcome.Status.Rejected);
        assertThat(outcome.reasonCode()).isEqualTo("UnknownEvse");
    }

    @Test
    void B12_FR07_evseOnIdleWithTransaction_scheduled_resetWhenItsTransactionEnds() {
        transactions = new FakeTransactions().running(1).running(2);
        resets(3, 30);
        assertThat(request(ResetEnumType.OnIdle, 1).status()).isEqualTo(Outcome.Status.Scheduled);
        responseSent();
        transactions.end(1);
        await().until(() -> restartedEvses.equals(List.of(1)));
        assertThat(transactions.active(2)).isTrue();
    }

    @Test
    void B12_FR08_evseImmediateWithTransaction_endsOnlyThatTransaction() {
        transactions = new FakeTransactions().running(1).running(2);
        resets(3, 30);
        assertThat(request(ResetEnumType.Immediate, 2).status()).isEqualTo(Outcome.Status.Accepted);
        responseSent();
        await().until(() -> restartedEvses.equals(List.of(2)));
        assertThat(transactions.endedForImmediateReset).containsExactly(2);
        assertThat(transactions.active(1)).isTrue();
    }

    @Test
    void transactionServiceGone_scheduledResetGoesAhead() {
        transactions = new FakeTransactions().running(1);
        resets(3, 30);
        request(ResetEnumType.OnIdle, null);
        transactions = null;
        resets.transactionsGone();
        await().until(() -> reboots.equals(List.of(BootReasonEnumType.ScheduledReset)));
    }
}
