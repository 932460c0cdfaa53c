package io.galvani.display.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.ServiceEvent;
import org.osgi.framework.ServiceReference;

import io.galvani.display.internal.Fakes.FakeClock;
import io.galvani.display.internal.Fakes.FakeDisplay;
import io.galvani.display.internal.Fakes.FakeRegistration;
import io.galvani.display.internal.Fakes.FakeSessions;
import io.galvani.display.internal.Fakes.ListenerContext;
import io.galvani.hal.api.DeviceStatus;
import io.galvani.hal.sim.testing.Configs;
import io.galvani.hal.sim.testing.VirtualScheduler;
import io.galvani.ocpp.api.LinkStatus;
import io.galvani.provisioning.api.RegistrationStatus;
import io.galvani.station.api.ConnectorStatus;
import io.galvani.station.api.ConnectorView;
import io.galvani.transactions.api.SessionPhase;

/** The component with a fake display, fake sessions and its real display thread (or virtual time). */
class DisplayPresenterTest {
    private static final LinkStatus UP = new LinkStatus(true, "ws://127.0.0.1:9000/ocpp/CS", 1, Views.START, 0, null);
    private static final LinkStatus DOWN = new LinkStatus(false, "ws://127.0.0.1:9000/ocpp/CS", 1, Views.START, 0,
            "closed");

    private final FakeDisplay display = new FakeDisplay(4, 20);
    private final FakeRegistration registration = new FakeRegistration();
    private final FakeClock clock = new FakeClock();
    private DisplayPresenter presenter;

    @AfterEach
    void stop() {
        if (presenter != null) {
            presenter.stop();
        }
    }

    /** Started as DS would: references bound, then activated; online unless a test says otherwise. */
    private DisplayPresenter start(Language language, ScheduledExecutorService executor, java.util.function.LongSupplier nanoTime) {
        presenter = new DisplayPresenter(null, language, executor, nanoTime);
        presenter.registration = registration;
        presenter.clock = clock;
        presenter.addDisplay(display, Map.of("hal.evse.id", 0));
        presenter.start();
        presenter.connected(UP);
        return presenter;
    }

    private DisplayPresenter start() {
        return start(Language.EN, DisplayPresenter.newExecutor(), System::nanoTime);
    }

    private void awaitShown(String... lines) {
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(display.lines()).containsExactly(lines));
    }

    // ---- following the station

    @Test
    void followsTheSessionsAsTheyChange() {
        start();
        FakeSessions sessions = new FakeSessions(1);
        sessions.addListener(presenter);
        awaitShown("Welcome", "Present card", "or plug in");

        sessions.change(1, SessionPhase.AUTHORIZING);
        awaitShown("Checking card", "Please wait");

        sessions.change(Views.rejected(1, "Blocked"));
        awaitShown("Card not accepted", "Card blocked", "Try another card");

        sessions.change(1, SessionPhase.WAITING_FOR_CABLE);
        awaitShown("Card accepted", "Plug in the cable");

        presenter.connectorStatusChanged(new ConnectorView(1, 1, "cCCS2", ConnectorStatus.Occupied, true));
        awaitShown("Card accepted", "Starting");

        sessions.change(1, SessionPhase.CABLE_CHECK);
        awaitShown("Checking cable", "Please wait");

        sessions.change(Views.charging(1, SessionPhase.CHARGING, 2_500.0, 100_000.0, 20.0, Duration.ofSeconds(42)));
        await().untilAsserted(() -> assertThat(display.lines()).startsWith("Charging", "2.50 kWh      100 kW",
                "Battery 20%"));

        sessions.change(Views.finished(1, 30_000.0, Duration.ofMinutes(20), "Local", null));
        awaitShown("Charging stopped", "30.00 kWh    0:20:00", "Stopped at station", "Please unplug");

        presenter.connectorStatusChanged(new ConnectorView(1, 1, "cCCS2", ConnectorStatus.Available, false));
        sessions.change(1, SessionPhase.IDLE);
        awaitShown("Welcome", "Present card", "or plug in");
    }

    @Test
    void withoutTheTransactionBundle_followsTheConnectors() {
        start();
        presenter.connectorStatusChanged(new ConnectorView(1, 1, "cCCS2", ConnectorStatus.Available, false));
        awaitShown("Welcome", "Present card", "or plug in");

        presenter.connectorStatusChanged(new ConnectorView(1, 1, "cCCS2", ConnectorStatus.Occupied, true));
        awaitShown("Cable connected", "Present card");

        presenter.connectorStatusChanged(new ConnectorView(1, 1, "cCCS2", ConnectorStatus.Faulted, true));
        awaitShown("Out of order", "Use another charger");
    }

    @Test
    void beforeAnyEvse_startingUp() {
        start();
        awaitShown("Starting up", "Please wait");
    }

    @Test
    void whenTheTransactionBundleGoes_itsSessionsAreForgotten() {
        ListenerContext framework = new ListenerContext();
        presenter = new DisplayPresenter(framework.context, Language.EN, DisplayPresenter.newExecutor(),
                System::nanoTime);
        presenter.registration = registration;
        presenter.addDisplay(display, Map.of("hal.evse.id", 0));
        presenter.start();
        presenter.connected(UP);
        assertThat(framework.filters).containsExactly("(objectClass=io.galvani.transactions.api.Sessions)");
        presenter.connectorStatusChanged(new ConnectorView(1, 1, "cCCS2", ConnectorStatus.Occupied, true));
        presenter.sessionChanged(Views.charging(1, SessionPhase.CHARGING, 1_000.0, 50_000.0, null, null));
        await().untilAsserted(() -> assertThat(display.lines()).startsWith("Charging"));

        ServiceReference<?> leaving = (ServiceReference<?>) java.lang.reflect.Proxy.newProxyInstance(
                ServiceReference.class.getClassLoader(), new Class<?>[] { ServiceReference.class },
                (proxy, method, args) -> method.getName().equals("equals") ? proxy == args[0] : null);
        framework.listeners.forEach(l -> l.serviceChanged(new ServiceEvent(ServiceEvent.UNREGISTERING, leaving)));

        awaitShown("Cable connected", "Present card");
        presenter.stop();
        assertThat(framework.listeners).isEmpty();
        presenter = null;
    }

    // ---- online / offline

    @Test
    void offline_showsAMarker_andTheSessionStays() {
        start();
        presenter.sessionChanged(Views.charging(1, SessionPhase.CHARGING, 1_000.0, 50_000.0, null, null));
        awaitShown("Charging", "1.00 kWh     50.0 kW", "Time 0:00:00");

        presenter.disconnected(DOWN);
        awaitShown("Charging     offline", "1.00 kWh     50.0 kW", "Time 0:00:00");

        presenter.connected(UP);
        awaitShown("Charging", "1.00 kWh     50.0 kW", "Time 0:00:00");
    }

    @Test
    void registrationNotAccepted_countsAsOffline_seenWithinASecond() {
        start();
        presenter.sessionChanged(Views.view(1, SessionPhase.AUTHORIZING));
        awaitShown("Checking card", "Please wait");

        registration.status = RegistrationStatus.Pending; // Registration has no listener: the refresh reads it
        awaitShown("Checking card", "Please wait  offline");

        presenter.registration = null; // provisioning bundle stopped
        registration.status = RegistrationStatus.Accepted;
        awaitShown("Checking card", "Please wait  offline");
    }

    // ---- configuration

    @Test
    void language_changesLive_andAnUnknownOneIsRefused() {
        start();
        presenter.sessionChanged(Views.view(1, SessionPhase.CABLE_CHECK));
        awaitShown("Checking cable", "Please wait");

        presenter.modified(Configs.of(DisplayConfig.class, Map.of("language", "de")));
        awaitShown("Kabelprüfung", "Bitte warten");

        presenter.modified(Configs.of(DisplayConfig.class, Map.of("language", "fr")));
        presenter.sessionChanged(Views.view(1, SessionPhase.PRE_CHARGE));
        awaitShown("Laden startet", "Bitte warten");
    }

    @Test
    void activation_withAnUnknownLanguage_failsNamingIt() {
        assertThatThrownBy(() -> new DisplayPresenter(null, Configs.of(DisplayConfig.class, Map.of("language", "fr"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("\"fr\"");
    }

    @Test
    void defaultConfiguration_isEnglish() {
        assertThat(Configs.defaults(DisplayConfig.class).language()).isEqualTo("en");
    }

    // ---- displays

    @Test
    void eachDisplayShowsItsEvse_andAStationWideOneShowsBoth() {
        start();
        FakeDisplay evse2 = new FakeDisplay(2, 16);
        presenter.addDisplay(evse2, Map.of("hal.evse.id", "2"));
        FakeSessions sessions = new FakeSessions(2);
        sessions.addListener(presenter);
        sessions.change(Views.charging(1, SessionPhase.CHARGING, 12_345.0, 150_000.0, 45.0, null));

        awaitShown("1: Charging      45%", "12.35 kWh     150 kW", "2: Present card", "or plug in");
        await().untilAsserted(() -> assertThat(evse2.lines()).containsExactly("Welcome", "Present card or…"));

        presenter.removeDisplay(evse2);
        int shows = evse2.shows.size();
        sessions.change(2, SessionPhase.AUTHORIZING);
        awaitShown("1: Charging      45%", "12.35 kWh     150 kW", "2: Checking card", "Please wait");
        assertThat(evse2.shows).hasSize(shows);
    }

    @Test
    void aFailingDisplay_isRetriedUntilItWorks() {
        VirtualScheduler time = new VirtualScheduler();
        display.failing = true;
        start(Language.EN, time, time::nanoTime);
        presenter.sessionChanged(Views.view(1, SessionPhase.AUTHORIZING));
        time.runDue();
        assertThat(display.shows).isEmpty();

        display.failing = false;
        time.advance(Duration.ofSeconds(1));

        assertThat(display.lines()).containsExactly("Checking card", "Please wait");
    }

    @Test
    void anOfflineDisplay_isDrawnWhenItIsBack() {
        VirtualScheduler time = new VirtualScheduler();
        display.status = DeviceStatus.offline("cable unplugged");
        start(Language.EN, time, time::nanoTime);
        presenter.sessionChanged(Views.view(1, SessionPhase.AUTHORIZING));
        time.runDue();
        assertThat(display.shows).isEmpty();

        display.status = DeviceStatus.ONLINE;
        time.advance(Duration.ofSeconds(1));

        assertThat(display.lines()).containsExactly("Checking card", "Please wait");
    }

    // ---- drawing

    @Test
    void aBurstOfChanges_isOneRedraw_andAnUnchangedScreenIsNotWrittenAgain() {
        VirtualScheduler time = new VirtualScheduler();
        start(Language.EN, time, time::nanoTime);
        for (int i = 0; i < 100; i++) {
            presenter.sessionChanged(Views.charging(1, SessionPhase.CHARGING, 10.0 * i, 1_000.0, null, null));
            presenter.connectorStatusChanged(new ConnectorView(1, 1, "cCCS2", ConnectorStatus.Occupied, true));
        }

        time.runDue();

        assertThat(display.shows).hasSize(1);
        assertThat(display.lines()).containsExactly("Charging", "0.99 kWh      1.0 kW", "Time 0:00:00");
        time.advance(Duration.ofSeconds(5));
        assertThat(display.shows).hasSize(1);
    }

    @Test
    void theChargingTimeRunsOnBetweenUpdates() {
        VirtualScheduler time = new VirtualScheduler();
        start(Language.EN, time, time::nanoTime);
        presenter.sessionChanged(Views.charging(1, SessionPhase.SUSPENDED_EV, 2_000.0, 0.0, 50.0, Duration.ofSeconds(10)));
        time.runDue();
        assertThat(display.lines()).contains("Time 0:00:10");

        time.advance(Duration.ofSeconds(5));

        assertThat(display.lines()).contains("Time 0:00:15");
    }

    @Test
    void withoutElapsed_theStationClockGivesTheTime() {
        VirtualScheduler time = new VirtualScheduler();
        start(Language.EN, time, time::nanoTime);
        clock.now = Views.START.plusSeconds(60);
        presenter.sessionChanged(Views.charging(1, SessionPhase.CHARGING, 2_000.0, 7_000.0, null, null));
        time.runDue();
        assertThat(display.lines()).contains("Time 0:01:00");

        clock.now = Views.START.plusSeconds(3_725);
        time.advance(Duration.ofSeconds(1));

        assertThat(display.lines()).contains("Time 1:02:05");
    }

    @Test
    void aViewWithoutValidEvse_isIgnored() {
        VirtualScheduler time = new VirtualScheduler();
        start(Language.EN, time, time::nanoTime);
        presenter.sessionChanged(null);
        presenter.sessionChanged(Views.view(0, SessionPhase.CHARGING));
        presenter.connectorStatusChanged(null);
        time.runDue();

        assertThat(display.lines()).containsExactly("Starting up", "Please wait");
    }

    @Test
    void stop_endsTheDisplayThread_andLaterChangesAreHarmless() {
        start();
        awaitShown("Starting up", "Please wait");
        presenter.stop();
        int shows = display.shows.size();

        presenter.sessionChanged(Views.view(1, SessionPhase.AUTHORIZING));

        assertThat(display.shows).hasSize(shows);
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().equals("galvani-display") && t.isAlive());
        presenter = null;
    }

    @Test
    void listOfLines_neverExceedsTheDisplay() {
        FakeDisplay tiny = new FakeDisplay(1, 8);
        start();
        presenter.addDisplay(tiny, Map.of());
        presenter.disconnected(DOWN);
        presenter.sessionChanged(Views.finished(1, 99_999.0, Duration.ofHours(30), "EnergyLimitReached", null));

        await().untilAsserted(() -> assertThat(tiny.lines()).hasSize(1));
        assertThat(tiny.lines()).allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(8));
        assertThat(List.copyOf(display.lines())).allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(20));
    }
}
