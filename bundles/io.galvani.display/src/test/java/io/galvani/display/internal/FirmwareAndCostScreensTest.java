package io.galvani.display.internal;

import static io.galvani.display.internal.Views.charging;
import static io.galvani.display.internal.Views.connector;
import static io.galvani.display.internal.Views.finished;
import static io.galvani.display.internal.Views.view;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.galvani.display.api.ScreenState;
import io.galvani.display.api.StationScreen;
import io.galvani.firmware.api.FirmwareUpdateStatus;
import io.galvani.station.api.ConnectorStatus;
import io.galvani.station.api.ConnectorView;
import io.galvani.transactions.api.SessionCost;
import io.galvani.transactions.api.SessionPhase;
import io.galvani.transactions.api.SessionView;

/** "Updating firmware" while the station installs, the cost from a tariff bundle, and the screen as data. */
class FirmwareAndCostScreensTest {
    private static final ScreenComposer ENGLISH = new ScreenComposer(Texts.of(Language.EN));
    private static final ScreenComposer GERMAN = new ScreenComposer(Texts.of(Language.DE));
    private static final SessionCost RUNNING = SessionCost.of("4.3249", "EUR");
    private static final SessionCost TOTAL = SessionCost.of("12.5", "EUR");

    private static FirmwareUpdateStatus fw(String status) {
        return new FirmwareUpdateStatus(7, status);
    }

    private static EvseState state(SessionView v, SessionCost cost, FirmwareUpdateStatus firmware,
            ConnectorView... connectors) {
        return new EvseState(v.evseId(), v, List.of(connectors), v.elapsed(), cost, firmware);
    }

    private static List<String> shown(ScreenComposer composer, EvseState e) {
        return composer.compose(new StationView(List.of(e), true), 0, 4, 20).lines();
    }

    // ---- updating firmware

    @ParameterizedTest
    @ValueSource(strings = { "Installing", "InstallRebooting" })
    void installing_idleEvse_showsUpdatingFirmware(String status) {
        EvseState idle = state(view(1, SessionPhase.IDLE), null, fw(status),
                connector(1, ConnectorStatus.Available, false));
        assertThat(shown(ENGLISH, idle)).containsExactly("Updating firmware", "Please wait", "Charging unavailable");
        assertThat(shown(GERMAN, idle)).containsExactly("Software-Update", "Bitte warten", "Laden nicht möglich");
        assertThat(ENGLISH.screen(idle).state()).isEqualTo(ScreenState.UPDATING_FIRMWARE);
        assertThat(ENGLISH.screen(idle).values().hint()).isEqualTo("Charging unavailable. Please wait");
    }

    @Test
    void installing_cablePluggedWithoutCard_showsUpdatingFirmware() {
        EvseState plugged = state(view(1, SessionPhase.WAITING_FOR_AUTHORIZATION), null, fw("Installing"),
                connector(1, ConnectorStatus.Occupied, true));
        assertThat(shown(ENGLISH, plugged)).first().isEqualTo("Updating firmware");
    }

    @ParameterizedTest
    @ValueSource(strings = { "Downloading", "Downloaded", "SignatureVerified", "Installing", "InstallRebooting" })
    void duringASession_theSessionScreenStays(String status) {
        EvseState charging = state(charging(1, SessionPhase.CHARGING, 2_500.0, 50_000.0, 30.0,
                Duration.ofSeconds(61)), null, fw(status), connector(1, ConnectorStatus.Occupied, true));
        assertThat(shown(ENGLISH, charging)).first().isEqualTo("Charging");
        EvseState summary = state(finished(1, 2_500.0, Duration.ofSeconds(61), "Local", null), null, fw(status),
                connector(1, ConnectorStatus.Occupied, true));
        assertThat(shown(ENGLISH, summary)).first().isEqualTo("Charging stopped");
    }

    @ParameterizedTest
    @ValueSource(strings = { "Idle", "Downloading", "Downloaded", "SignatureVerified", "Installed",
            "InstallationFailed", "InvalidSignature", "DownloadFailed" })
    void notInstalling_theWelcomeScreenStays(String status) {
        EvseState idle = state(view(1, SessionPhase.IDLE), null, fw(status),
                connector(1, ConnectorStatus.Available, false));
        assertThat(shown(ENGLISH, idle)).first().isEqualTo("Welcome");
    }

    @Test
    void installScheduled_showsUpdatingOnlyWhereTheEvseWasClosedForIt() {
        EvseState closed = state(view(1, SessionPhase.UNAVAILABLE), null, fw("InstallScheduled"),
                connector(1, ConnectorStatus.Unavailable, false));
        EvseState stillOpen = state(view(1, SessionPhase.IDLE), null, fw("InstallScheduled"),
                connector(1, ConnectorStatus.Available, false));
        assertThat(shown(ENGLISH, closed)).first().isEqualTo("Updating firmware");
        assertThat(shown(ENGLISH, stillOpen)).first().isEqualTo("Welcome"); // AllowNewSessionsPendingFirmwareUpdate
    }

    @Test
    void aFaultStillWinsOverTheUpdate() {
        EvseState faulted = state(view(1, SessionPhase.IDLE), null, fw("Installing"),
                connector(1, ConnectorStatus.Faulted, false));
        assertThat(shown(ENGLISH, faulted)).first().isEqualTo("Out of order");
    }

    // ---- cost

    @Test
    void charging_withACost_timeAndRunningCostShareARow() {
        EvseState e = state(charging(1, SessionPhase.CHARGING, 12_345.0, 150_349.0, 44.6, Duration.ofSeconds(754)),
                RUNNING, FirmwareUpdateStatus.IDLE, connector(1, ConnectorStatus.Occupied, true));
        assertThat(shown(ENGLISH, e)).containsExactly("Charging", "12.35 kWh     150 kW", "Battery 45%",
                "0:12:34     4.32 EUR");
        assertThat(shown(GERMAN, e)).containsExactly("Ladevorgang", "12,35 kWh     150 kW", "Akku 45 %",
                "0:12:34     4,32 EUR");
    }

    @Test
    void summary_withACost_showsTheTotal() {
        EvseState e = state(finished(1, 23_456.0, Duration.ofMinutes(30), "EVDisconnected", null), TOTAL,
                FirmwareUpdateStatus.IDLE, connector(1, ConnectorStatus.Available, false));
        assertThat(shown(ENGLISH, e)).containsExactly("Charging stopped", "23.46 kWh    0:30:00",
                "Vehicle disconnected", "Total 12.50 EUR");
        assertThat(shown(GERMAN, e)).containsExactly("Laden beendet", "23,46 kWh    0:30:00", "Fahrzeug getrennt",
                "Summe 12,50 EUR");
    }

    @Test
    void withoutACost_nothingAboutCost() {
        EvseState e = state(charging(1, SessionPhase.CHARGING, 12_345.0, 150_349.0, 44.6, Duration.ofSeconds(754)),
                null, FirmwareUpdateStatus.IDLE, connector(1, ConnectorStatus.Occupied, true));
        assertThat(shown(ENGLISH, e)).containsExactly("Charging", "12.35 kWh     150 kW", "Battery 45%",
                "Time 0:12:34");
        assertThat(ENGLISH.screen(e).values().cost()).isNull();
        assertThat(ENGLISH.screen(e).values().costText()).isNull();
    }

    @Test
    void costFormats_currencyDecimals_languageSeparator() {
        assertThat(Formats.cost(SessionCost.of("4.325", "EUR"), Locale.ENGLISH)).isEqualTo("4.33 EUR");
        assertThat(Formats.cost(SessionCost.of("1234.5", "EUR"), Locale.GERMAN)).isEqualTo("1234,50 EUR");
        assertThat(Formats.cost(SessionCost.of("350.4", "JPY"), Locale.ENGLISH)).isEqualTo("350 JPY");
        assertThat(Formats.cost(new SessionCost(BigDecimal.ZERO, java.util.Currency.getInstance("CHF")),
                Locale.GERMAN)).isEqualTo("0,00 CHF");
    }

    // ---- the screen as data

    @Test
    void stationScreen_carriesStateTitleLinesValuesAndLabels() {
        EvseState e = state(charging(1, SessionPhase.CHARGING, 12_345.0, 150_349.0, 44.6, Duration.ofSeconds(754)),
                RUNNING, FirmwareUpdateStatus.IDLE, connector(1, ConnectorStatus.Occupied, true));
        StationScreen screen = StationScreens.of(new StationView(List.of(e), false), Texts.of(Language.EN), 4, 20);

        assertThat(screen.language()).isEqualTo("en");
        assertThat(screen.online()).isFalse();
        assertThat(screen.lines()).first().asString().startsWith("Charging").endsWith("offline");
        assertThat(screen.labels()).containsEntry("energy", "Energy").containsEntry("cost", "Cost");
        var evse = screen.evses().get(0);
        assertThat(evse.state()).isEqualTo(ScreenState.CHARGING);
        assertThat(evse.title()).isEqualTo("Charging");
        assertThat(evse.lines()).isEqualTo(screen.lines());
        assertThat(evse.values().energyKWh()).isEqualTo(12.345);
        assertThat(evse.values().powerKW()).isEqualTo(150.349);
        assertThat(evse.values().stateOfChargePct()).isEqualTo(44.6);
        assertThat(evse.values().elapsed()).isEqualTo(Duration.ofSeconds(754));
        assertThat(evse.values().energy()).isEqualTo("12.35 kWh");
        assertThat(evse.values().power()).isEqualTo("150 kW");
        assertThat(evse.values().stateOfCharge()).isEqualTo("45%");
        assertThat(evse.values().time()).isEqualTo("0:12:34");
        assertThat(evse.values().costText()).isEqualTo("4.32 EUR");
    }

    @Test
    void stationScreen_rejectedCard_reasonInPlainWords_german() {
        EvseState e = state(Views.rejected(1, "NoCredit"), null, FirmwareUpdateStatus.IDLE,
                connector(1, ConnectorStatus.Available, false));
        StationScreen screen = StationScreens.of(new StationView(List.of(e), true), Texts.of(Language.DE), 4, 20);
        var evse = screen.evses().get(0);
        assertThat(evse.state()).isEqualTo(ScreenState.CARD_REJECTED);
        assertThat(evse.values().reason()).isEqualTo("Kein Guthaben");
        assertThat(evse.values().hint()).isEqualTo("Andere Karte nutzen");
        assertThat(screen.language()).isEqualTo("de");
    }

    @Test
    void everyPhase_hasAState() {
        for (SessionPhase phase : SessionPhase.values()) {
            EvseState e = ScreenComposerTest.typical(1, phase);
            assertThat(ENGLISH.screen(e).state()).as(phase.name()).isNotNull();
        }
        assertThat(ENGLISH.starting().state()).isEqualTo(ScreenState.STARTING);
    }
}
