package io.galvani.operations.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.galvani.station.api.ConnectorStatus;

class AvailabilityManagerTest {
    @TempDir
    Path dir;

    private final FakeStation station = FakeStation.of(2, 1);
    private FakeTransactions transactions;

    private AvailabilityManager manager() {
        AvailabilityManager m = new AvailabilityManager(station, () -> transactions,
                new AvailabilityStore(dir.resolve("availability.properties")), Runnable::run);
        m.start();
        return m;
    }

    @Test
    void G03_evseInoperative_allItsConnectorsUnavailable_othersNot() {
        AvailabilityManager m = manager();
        assertThat(m.change(Scope.evse(1), true).status()).isEqualTo(Outcome.Status.Accepted);
        assertThat(station.status(1, 1)).isEqualTo(ConnectorStatus.Unavailable);
        assertThat(station.status(1, 2)).isEqualTo(ConnectorStatus.Unavailable);
        assertThat(station.status(2, 1)).isEqualTo(ConnectorStatus.Available);

        assertThat(m.change(Scope.evse(1), false).status()).isEqualTo(Outcome.Status.Accepted);
        assertThat(station.status(1, 1)).isEqualTo(ConnectorStatus.Available);
    }

    @Test
    void G03_FR03_alreadyInThatState_acceptedWithoutTouchingTheStation() {
        AvailabilityManager m = manager();
        assertThat(m.change(Scope.evse(1), false).status()).isEqualTo(Outcome.Status.Accepted);
        m.change(Scope.connector(2, 1), true);
        station.calls.clear();
        assertThat(m.change(Scope.connector(2, 1), true).status()).isEqualTo(Outcome.Status.Accepted);
        assertThat(station.calls).isEmpty();
    }

    @Test
    void G03_unknownEvseOrConnector_rejectedWithReasonCode() {
        AvailabilityManager m = manager();
        Outcome evse = m.change(Scope.evse(7), true);
        assertThat(evse.status()).isEqualTo(Outcome.Status.Rejected);
        assertThat(evse.reasonCode()).isEqualTo("UnknownEvse");
        Outcome connector = m.change(Scope.connector(2, 3), true);
        assertThat(connector.reasonCode()).isEqualTo("UnknownConnectorId");
        assertThat(m.desired()).isEqualTo(AvailabilitySettings.ALL_OPERATIVE);
    }

    @Test
    void G03_FR08_persistsAcrossReboot_andIsReappliedAtStart() {
        manager().change(Scope.connector(1, 2), true);
        manager().change(Scope.evse(2), true);

        FakeStation rebooted = FakeStation.of(2, 1);
        AvailabilityManager after = new AvailabilityManager(rebooted, () -> null,
                new AvailabilityStore(dir.resolve("availability.properties")), Runnable::run);
        after.start();
        assertThat(rebooted.status(1, 1)).isEqualTo(ConnectorStatus.Available);
        assertThat(rebooted.status(1, 2)).isEqualTo(ConnectorStatus.Unavailable);
        assertThat(rebooted.status(2, 1)).isEqualTo(ConnectorStatus.Unavailable);
    }

    @Test
    void G03_FR05_transactionOnTheEvse_scheduled_appliedWhenItEnds() {
        transactions = new FakeTransactions().running(1);
        AvailabilityManager m = manager();
        Outcome outcome = m.change(Scope.evse(1), true);
        assertThat(outcome.status()).isEqualTo(Outcome.Status.Scheduled);
        assertThat(outcome.reasonCode()).isEqualTo("TxInProgress");
        assertThat(station.status(1, 1)).isEqualTo(ConnectorStatus.Available);
        // Another EVSE without transaction changes at once.
        assertThat(m.change(Scope.evse(2), true).status()).isEqualTo(Outcome.Status.Accepted);
        // Asking again while still scheduled: still Scheduled.
        assertThat(m.change(Scope.evse(1), true).status()).isEqualTo(Outcome.Status.Scheduled);

        transactions.end(1);
        assertThat(station.status(1, 1)).isEqualTo(ConnectorStatus.Unavailable);
        assertThat(m.applied().inoperative(Scope.evse(1))).isTrue();
    }

    @Test
    void G04_FR06_stationWithTransaction_scheduled_andOperativeAgainCancelsIt() {
        transactions = new FakeTransactions().running(2);
        AvailabilityManager m = manager();
        assertThat(m.change(Scope.STATION, true).status()).isEqualTo(Outcome.Status.Scheduled);
        // Back to the state in force: Accepted (G04.FR.04), the scheduled change is dropped.
        assertThat(m.change(Scope.STATION, false).status()).isEqualTo(Outcome.Status.Accepted);
        transactions.end(2);
        assertThat(station.status(1, 1)).isEqualTo(ConnectorStatus.Available);
    }

    @Test
    void G04_FR07_stationInoperative_everyConnectorUnavailable_connectorOperativeStaysUnavailable() {
        AvailabilityManager m = manager();
        m.change(Scope.STATION, true);
        assertThat(station.evses()).allSatisfy(e -> assertThat(e.connectors())
                .allSatisfy(c -> assertThat(c.status()).isEqualTo(ConnectorStatus.Unavailable)));

        assertThat(m.change(Scope.connector(1, 1), false).status()).isEqualTo(Outcome.Status.Accepted);
        assertThat(station.status(1, 1)).isEqualTo(ConnectorStatus.Unavailable);

        m.change(Scope.evse(1), true);
        m.change(Scope.STATION, false);
        // G04.FR.08: back to their own states: EVSE 1 still Inoperative, EVSE 2 Available.
        assertThat(station.status(1, 1)).isEqualTo(ConnectorStatus.Unavailable);
        assertThat(station.status(2, 1)).isEqualTo(ConnectorStatus.Available);
    }

    @Test
    void transactionServiceGone_scheduledChangesApply() {
        transactions = new FakeTransactions().running(1);
        AvailabilityManager m = manager();
        m.change(Scope.connector(1, 1), true);
        transactions = null;
        m.transactionsGone();
        assertThat(station.status(1, 1)).isEqualTo(ConnectorStatus.Unavailable);
    }

    @Test
    void evseReset_unavailableMeanwhile_thenBackToItsOwnAvailability() {
        AvailabilityManager m = manager();
        m.change(Scope.connector(1, 2), true);
        m.beginEvseReset(1);
        assertThat(station.status(1, 1)).isEqualTo(ConnectorStatus.Unavailable);
        assertThat(station.status(1, 2)).isEqualTo(ConnectorStatus.Unavailable);
        m.endEvseReset(1);
        assertThat(station.status(1, 1)).isEqualTo(ConnectorStatus.Available);
        assertThat(station.status(1, 2)).isEqualTo(ConnectorStatus.Unavailable);
    }

    @Test
    void driverRestartForgetsUnavailable_reassertSetsItAgain() {
        AvailabilityManager m = manager();
        m.change(Scope.evse(2), true);
        m.reassert(station.driverRestarted(2, 1));
        assertThat(station.status(2, 1)).isEqualTo(ConnectorStatus.Unavailable);
        // A connector that may be used is left alone.
        station.calls.clear();
        m.reassert(station.connector(1, 1).orElseThrow());
        assertThat(station.calls).isEmpty();
    }

    @Test
    void storageFailure_rejected_andNothingChanges() throws Exception {
        Path blocked = dir.resolve("blocked");
        Files.writeString(blocked, "a file where a directory should be");
        AvailabilityManager m = new AvailabilityManager(station, () -> null,
                new AvailabilityStore(blocked.resolve("availability.properties")), Runnable::run);
        m.start();
        Outcome outcome = m.change(Scope.evse(1), true);
        assertThat(outcome.status()).isEqualTo(Outcome.Status.Rejected);
        assertThat(outcome.reasonCode()).isEqualTo("InternalError");
        assertThat(station.status(1, 1)).isEqualTo(ConnectorStatus.Available);
    }
}
