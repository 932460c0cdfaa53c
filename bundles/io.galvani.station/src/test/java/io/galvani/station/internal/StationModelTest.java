package io.galvani.station.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.galvani.hal.api.DeviceStatus;
import io.galvani.hal.sim.testing.FakeConnector;
import io.galvani.station.api.ConnectorStatus;
import io.galvani.station.api.ConnectorView;

class StationModelTest {
    private final StationModel station = new StationModel();
    private final List<ConnectorView> changes = new CopyOnWriteArrayList<>();
    private final FakeConnector connector = new FakeConnector(1);

    @AfterEach
    void stop() {
        station.deactivate();
    }

    @Test
    void connectorStatusFollowsTheHardware() {
        station.addListener(changes::add);
        station.addConnector(connector);
        awaitLast(ConnectorStatus.Available);
        assertThat(station.evses()).singleElement().satisfies(e -> assertThat(e.id()).isEqualTo(1));

        station.pluggedChanged(connector, true);
        awaitLast(ConnectorStatus.Occupied);
        station.pluggedChanged(connector, false);
        awaitLast(ConnectorStatus.Available);

        station.setUnavailable(1, 0, true);
        awaitLast(ConnectorStatus.Unavailable);
        station.statusChanged(connector, DeviceStatus.faulted("lock stuck"));
        awaitLast(ConnectorStatus.Faulted);
        station.statusChanged(connector, DeviceStatus.ONLINE);
        awaitLast(ConnectorStatus.Unavailable);
        station.setUnavailable(1, 0, false);
        awaitLast(ConnectorStatus.Available);

        station.setClaimed(1, 1, true);
        awaitLast(ConnectorStatus.Occupied);
    }

    @Test
    void aReservationClaimShowsReserved_overAPluggedCable_butNotOverFaultedOrUnavailable() {
        station.addListener(changes::add);
        station.addConnector(connector);
        awaitLast(ConnectorStatus.Available);
        io.galvani.station.api.ConnectorReservation claim = () -> 1;
        station.addReservation(claim);
        awaitLast(ConnectorStatus.Reserved);

        station.pluggedChanged(connector, true); // G01.FR.09: a car plugged into a reserved connector changes nothing
        station.setUnavailable(1, 0, true);
        awaitLast(ConnectorStatus.Unavailable);
        assertThat(changes).extracting(ConnectorView::status).containsSubsequence(ConnectorStatus.Reserved,
                ConnectorStatus.Unavailable).doesNotContain(ConnectorStatus.Occupied);
        station.setUnavailable(1, 0, false);
        awaitLast(ConnectorStatus.Reserved);

        station.removeReservation(claim);
        awaitLast(ConnectorStatus.Occupied);
        station.pluggedChanged(connector, false);
        awaitLast(ConnectorStatus.Available);
    }

    @Test
    void aConnectorFoundWhileThePolicySaysUnavailable_isNeverReportedAvailable() {
        station.addListener(changes::add);
        station.addAvailabilityPolicy((evseId, connectorId) -> evseId == 1);
        station.addAvailabilityPolicy((evseId, connectorId) -> {
            throw new IllegalStateException("a broken policy is no opinion");
        });
        station.addConnector(connector);
        awaitLast(ConnectorStatus.Unavailable);
        assertThat(changes).extracting(ConnectorView::status).doesNotContain(ConnectorStatus.Available);

        station.setUnavailable(1, 0, false); // later changes as before
        awaitLast(ConnectorStatus.Available);
    }

    @Test
    void aClaimMadeBeforeTheConnectorAppears_appliesWhenItDoes() {
        station.addListener(changes::add);
        station.addReservation(new io.galvani.station.api.ConnectorReservation() {
            @Override
            public int evseId() {
                return 1;
            }

            @Override
            public int connectorId() {
                return 1;
            }
        });
        station.addConnector(connector);
        awaitLast(ConnectorStatus.Reserved);
        assertThat(changes).extracting(ConnectorView::status).containsExactly(ConnectorStatus.Reserved);
    }

    @Test
    void aRepeatedEventIsNotReportedTwice() {
        station.addListener(changes::add);
        station.addConnector(connector);
        station.pluggedChanged(connector, true);
        station.pluggedChanged(connector, true);
        station.setClaimed(1, 1, true);
        awaitLast(ConnectorStatus.Occupied);
        station.setClaimed(9, 9, true); // unknown connector: ignored
        await().until(() -> station.connector(1, 1).orElseThrow().plugged());
        assertThat(changes).extracting(ConnectorView::status)
                .containsExactly(ConnectorStatus.Available, ConnectorStatus.Occupied);
    }

    @Test
    void aListenerAddedLateIsToldEveryConnector() {
        station.addConnector(connector);
        station.addConnector(new FakeConnector(2));
        station.pluggedChanged(connector, true);
        await().until(() -> station.connector(1, 1).orElseThrow().plugged() && station.evses().size() == 2);
        station.addListener(changes::add);
        await().until(() -> changes.size() == 2);
        assertThat(changes).extracting(ConnectorView::evseId, ConnectorView::status).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple(1, ConnectorStatus.Occupied),
                org.assertj.core.groups.Tuple.tuple(2, ConnectorStatus.Available));
    }

    @Test
    void aConnectorWhoseDriverThrowsIsFaultedAndTheStationCarriesOn() {
        station.addListener(changes::add);
        ThrowingConnector broken = new ThrowingConnector(2);
        station.addConnector(broken);
        station.addConnector(connector);
        await().until(() -> changes.size() == 2);
        assertThat(changes).extracting(ConnectorView::evseId, ConnectorView::status).containsExactly(
                org.assertj.core.groups.Tuple.tuple(2, ConnectorStatus.Faulted),
                org.assertj.core.groups.Tuple.tuple(1, ConnectorStatus.Available));
        station.statusChanged(broken, DeviceStatus.ONLINE); // the driver recovers and says so
        awaitLast(ConnectorStatus.Available);
        assertThat(changes.get(changes.size() - 1).evseId()).isEqualTo(2);
    }

    @Test
    void aCabinetDriverThatLeavesMakesItsConnectorsFaultedUntilItIsBack() {
        station.addListener(changes::add);
        station.addConnector(connector);
        awaitLast(ConnectorStatus.Available);
        java.util.Map<String, Object> feedsOne = java.util.Map.of("hal.evse.id", new Integer[] { 1 });
        io.galvani.hal.api.PowerCabinet cabinet = null; // only its service properties are used
        station.addCabinet(cabinet, feedsOne);
        station.removeCabinet(cabinet, feedsOne);
        awaitLast(ConnectorStatus.Faulted);
        station.addCabinet(cabinet, feedsOne);
        awaitLast(ConnectorStatus.Available);
        assertThat(StationModel.evseIds(java.util.Map.of("hal.evse.id", 2))).containsExactly(2);
    }

    @Test
    void aConnectorWhoseDriverLeavesIsFaulted() {
        station.addListener(changes::add);
        station.addConnector(connector);
        station.removeConnector(connector);
        awaitLast(ConnectorStatus.Faulted);
    }

    @Test
    void aRestartedDriverKeepsTheConnectorUnavailableWithoutAFault() {
        station.addListener(changes::add);
        station.addConnector(connector);
        station.setUnavailable(1, 0, true);
        awaitLast(ConnectorStatus.Unavailable);
        station.removeConnector(connector);
        FakeConnector restarted = new FakeConnector(1);
        station.addConnector(restarted);
        await().until(() -> changes.size() >= 3);
        assertThat(changes).extracting(ConnectorView::status).containsOnly(ConnectorStatus.Available,
                ConnectorStatus.Unavailable);
        assertThat(station.connector(1, 1).orElseThrow().status()).isEqualTo(ConnectorStatus.Unavailable);
        station.setUnavailable(1, 0, false);
        awaitLast(ConnectorStatus.Available);
    }

    private void awaitLast(ConnectorStatus status) {
        await().until(() -> !changes.isEmpty() && changes.get(changes.size() - 1).status() == status);
    }
}
