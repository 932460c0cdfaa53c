package io.galvani.display.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.galvani.display.api.EvseScreenView;
import io.galvani.display.api.ScreenListener;
import io.galvani.display.api.ScreenState;
import io.galvani.display.api.StationScreen;
import io.galvani.display.internal.Fakes.FakeDisplay;
import io.galvani.display.internal.Fakes.FakeRegistration;
import io.galvani.firmware.api.FirmwareUpdateStatus;
import io.galvani.hal.sim.testing.Configs;
import io.galvani.ocpp.api.LinkStatus;
import io.galvani.station.api.ConnectorStatus;
import io.galvani.station.api.ConnectorView;
import io.galvani.transactions.api.SessionCost;
import io.galvani.transactions.api.SessionCostProvider;
import io.galvani.transactions.api.SessionPhase;
import io.galvani.transactions.api.SessionView;

/** The component publishing its decision: screen listeners, a fake tariff bundle, the firmware update. */
class DisplayApiTest {
    private static final LinkStatus UP = new LinkStatus(true, "ws://127.0.0.1:9000/ocpp/CS", 1, Views.START, 0, null);

    private final FakeDisplay display = new FakeDisplay(4, 20);
    private final List<StationScreen> told = new CopyOnWriteArrayList<>();
    private final ScreenListener listener = told::add;
    private DisplayPresenter presenter;

    /** A tariff: 0.50 EUR per kWh. */
    static final class FakeTariff implements SessionCostProvider {
        volatile boolean failing;

        @Override
        public Optional<SessionCost> cost(SessionView session) {
            if (failing) {
                throw new IllegalStateException("tariff bug");
            }
            if (session.energyWh() == null) {
                return Optional.empty();
            }
            return Optional.of(SessionCost.of(Double.toString(session.energyWh() / 1000.0 * 0.5), "EUR"));
        }
    }

    @BeforeEach
    void start() {
        presenter = new DisplayPresenter(null, Language.EN, DisplayPresenter.newExecutor(), System::nanoTime);
        presenter.registration = new FakeRegistration();
        presenter.addDisplay(display, Map.of("hal.evse.id", 0));
        presenter.start();
        presenter.connected(UP);
        presenter.connectorStatusChanged(new ConnectorView(1, 1, "cCCS2", ConnectorStatus.Available, false));
    }

    @AfterEach
    void stop() {
        presenter.stop();
    }

    private EvseScreenView lastEvse() {
        return told.get(told.size() - 1).evses().get(0);
    }

    private void awaitState(ScreenState state) {
        await().atMost(Duration.ofSeconds(5)).until(() -> !told.isEmpty() && !told.get(told.size() - 1).evses()
                .isEmpty() && lastEvse().state() == state);
    }

    @Test
    void aListener_isToldTheCurrentScreenThenEveryChange_withTheLinesTheDisplayShows() {
        await().until(() -> display.lines().contains("Welcome"));
        presenter.addScreenListener(listener);
        awaitState(ScreenState.WELCOME);
        assertThat(told.get(0).lines()).isEqualTo(display.lines());

        presenter.sessionChanged(Views.view(1, SessionPhase.AUTHORIZING));
        awaitState(ScreenState.AUTHORIZING);
        presenter.sessionChanged(Views.rejected(1, "Blocked"));
        awaitState(ScreenState.CARD_REJECTED);
        assertThat(lastEvse().values().reason()).isEqualTo("Card blocked");
        assertThat(told.get(told.size() - 1).lines()).isEqualTo(display.lines());
        assertThat(presenter.current()).isEqualTo(told.get(told.size() - 1));
        // Only changes are told: the refresh every second repeats nothing while the screen stays.
        int count = told.size();
        await().pollDelay(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(3)).until(() -> true);
        assertThat(told).hasSize(count);
    }

    @Test
    void aFailingListener_doesNotStopTheOthersNorTheDisplay() {
        presenter.addScreenListener(s -> {
            throw new IllegalStateException("listener bug");
        });
        presenter.addScreenListener(listener);
        presenter.sessionChanged(Views.view(1, SessionPhase.CABLE_CHECK));
        awaitState(ScreenState.CABLE_CHECK);
        await().until(() -> display.lines().contains("Checking cable"));
    }

    @Test
    void aRemovedListener_isToldNothingMore() {
        presenter.addScreenListener(listener);
        awaitState(ScreenState.WELCOME);
        presenter.removeScreenListener(listener);
        int count = told.size();
        presenter.sessionChanged(Views.view(1, SessionPhase.AUTHORIZING));
        await().until(() -> display.lines().contains("Checking card"));
        assertThat(told).hasSize(count);
    }

    @Test
    void withATariff_theRunningCostAndTheTotal_withoutOne_none() {
        FakeTariff tariff = new FakeTariff();
        presenter.addScreenListener(listener);
        presenter.connectorStatusChanged(new ConnectorView(1, 1, "cCCS2", ConnectorStatus.Occupied, true));
        presenter.sessionChanged(Views.charging(1, SessionPhase.CHARGING, 10_000.0, 50_000.0, 50.0,
                Duration.ofSeconds(60)));
        awaitState(ScreenState.CHARGING);
        assertThat(lastEvse().values().cost()).isNull();
        await().until(() -> display.lines().get(3).startsWith("Time"));

        presenter.costs = tariff;
        await().until(() -> display.lines().get(3).endsWith("5.00 EUR"));
        await().until(() -> "5.00 EUR".equals(lastEvse().values().costText()));

        presenter.sessionChanged(Views.finished(1, 20_000.0, Duration.ofMinutes(30), "Local", null));
        await().until(() -> display.lines().contains("Total 10.00 EUR"));
        awaitState(ScreenState.SUMMARY);
        assertThat(lastEvse().values().costText()).isEqualTo("10.00 EUR");

        tariff.failing = true; // a broken tariff bundle: no cost, the summary stays
        await().until(() -> display.lines().contains("Please unplug"));
        assertThat(lastEvse().values().cost()).isNull();

        presenter.costs = null;
        presenter.sessionChanged(Views.charging(1, SessionPhase.CHARGING, 10_000.0, 50_000.0, 50.0, null));
        awaitState(ScreenState.CHARGING);
        assertThat(lastEvse().values().cost()).isNull();
    }

    @Test
    void firmwareInstalling_showsUpdating_thenBackToWelcome() {
        presenter.addScreenListener(listener);
        presenter.firmwareStatusChanged(new FirmwareUpdateStatus(3, "Downloading"));
        presenter.firmwareStatusChanged(new FirmwareUpdateStatus(3, "Installing"));
        await().until(() -> display.lines().contains("Updating firmware"));
        awaitState(ScreenState.UPDATING_FIRMWARE);

        presenter.firmwareStatusChanged(new FirmwareUpdateStatus(3, "Installed"));
        awaitState(ScreenState.WELCOME);
        await().until(() -> display.lines().contains("Welcome"));
    }

    @Test
    void theLanguage_isInTheScreen() {
        presenter.addScreenListener(listener);
        awaitState(ScreenState.WELCOME);
        presenter.modified(Configs.of(DisplayConfig.class, Map.of("language", "de")));
        await().until(() -> "de".equals(told.get(told.size() - 1).language()));
        assertThat(lastEvse().title()).isEqualTo("Willkommen");
        assertThat(told.get(told.size() - 1).labels()).containsEntry("energy", "Energie");
    }
}
