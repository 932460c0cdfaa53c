package io.galvani.display.internal;

import static io.galvani.display.internal.Views.charging;
import static io.galvani.display.internal.Views.connector;
import static io.galvani.display.internal.Views.evse;
import static io.galvani.display.internal.Views.finished;
import static io.galvani.display.internal.Views.rejected;
import static io.galvani.display.internal.Views.view;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import io.galvani.hal.sim.display.SimulatedDisplay;
import io.galvani.hal.sim.testing.Configs;
import io.galvani.station.api.ConnectorStatus;
import io.galvani.station.api.ConnectorView;
import io.galvani.transactions.api.SessionPhase;
import io.galvani.transactions.api.SessionView;

/** What the screen shows in each state, in both languages, and how it fits displays of any size. */
class ScreenComposerTest {
    private static final ScreenComposer ENGLISH = new ScreenComposer(Texts.of(Language.EN));
    private static final ScreenComposer GERMAN = new ScreenComposer(Texts.of(Language.DE));

    /** A typical state for each phase: the cable is in from WAITING_FOR_AUTHORIZATION on. */
    static EvseState typical(int evseId, SessionPhase phase) {
        SessionView v = switch (phase) {
            case CHARGING, SUSPENDED_EV, SUSPENDED_EVSE ->
                charging(evseId, phase, 12_345.0, 150_349.0, 44.6, Duration.ofSeconds(754));
            case REJECTED -> rejected(evseId, "Expired");
            case FINISHED -> finished(evseId, 23_456.0, Duration.ofMinutes(30), "EVDisconnected", null);
            default -> view(evseId, phase);
        };
        boolean plugged = switch (phase) {
            case IDLE, AUTHORIZING, REJECTED, WAITING_FOR_CABLE, UNAVAILABLE -> false;
            default -> true;
        };
        ConnectorStatus status = phase == SessionPhase.UNAVAILABLE ? ConnectorStatus.Unavailable
                : plugged ? ConnectorStatus.Occupied : ConnectorStatus.Available;
        return evse(v, new ConnectorView(evseId, 1, "cCCS2", status, plugged));
    }

    private static final Map<SessionPhase, List<String>> EN_4X20 = new EnumMap<>(Map.ofEntries(
            Map.entry(SessionPhase.IDLE, List.of("Welcome", "Present card", "or plug in")),
            Map.entry(SessionPhase.AUTHORIZING, List.of("Checking card", "Please wait")),
            Map.entry(SessionPhase.REJECTED, List.of("Card not accepted", "Card expired", "Try another card")),
            Map.entry(SessionPhase.WAITING_FOR_CABLE, List.of("Card accepted", "Plug in the cable")),
            Map.entry(SessionPhase.WAITING_FOR_AUTHORIZATION, List.of("Cable connected", "Present card")),
            Map.entry(SessionPhase.CABLE_CHECK, List.of("Checking cable", "Please wait")),
            Map.entry(SessionPhase.PRE_CHARGE, List.of("Starting charge", "Please wait")),
            Map.entry(SessionPhase.CHARGING,
                    List.of("Charging", "12.35 kWh     150 kW", "Battery 45%", "Time 0:12:34")),
            Map.entry(SessionPhase.SUSPENDED_EV,
                    List.of("Paused by vehicle", "12.35 kWh     150 kW", "Battery 45%", "Time 0:12:34")),
            Map.entry(SessionPhase.SUSPENDED_EVSE,
                    List.of("Paused by station", "12.35 kWh     150 kW", "Battery 45%", "Time 0:12:34")),
            Map.entry(SessionPhase.FINISHED,
                    List.of("Charging stopped", "23.46 kWh    0:30:00", "Vehicle disconnected", "Please unplug")),
            Map.entry(SessionPhase.UNAVAILABLE, List.of("Not available", "Use another charger"))));

    private static final Map<SessionPhase, List<String>> DE_4X20 = new EnumMap<>(Map.ofEntries(
            Map.entry(SessionPhase.IDLE, List.of("Willkommen", "Karte vorhalten", "oder Kabel stecken")),
            Map.entry(SessionPhase.AUTHORIZING, List.of("Prüfe Karte", "Bitte warten")),
            Map.entry(SessionPhase.REJECTED, List.of("Karte abgelehnt", "Karte abgelaufen", "Andere Karte nutzen")),
            Map.entry(SessionPhase.WAITING_FOR_CABLE, List.of("Karte akzeptiert", "Kabel einstecken")),
            Map.entry(SessionPhase.WAITING_FOR_AUTHORIZATION, List.of("Kabel verbunden", "Karte vorhalten")),
            Map.entry(SessionPhase.CABLE_CHECK, List.of("Kabelprüfung", "Bitte warten")),
            Map.entry(SessionPhase.PRE_CHARGE, List.of("Laden startet", "Bitte warten")),
            Map.entry(SessionPhase.CHARGING,
                    List.of("Ladevorgang", "12,35 kWh     150 kW", "Akku 45 %", "Dauer 0:12:34")),
            Map.entry(SessionPhase.SUSPENDED_EV,
                    List.of("Fahrzeug pausiert", "12,35 kWh     150 kW", "Akku 45 %", "Dauer 0:12:34")),
            Map.entry(SessionPhase.SUSPENDED_EVSE,
                    List.of("Station pausiert", "12,35 kWh     150 kW", "Akku 45 %", "Dauer 0:12:34")),
            Map.entry(SessionPhase.FINISHED,
                    List.of("Laden beendet", "23,46 kWh    0:30:00", "Fahrzeug getrennt", "Bitte Kabel ziehen")),
            Map.entry(SessionPhase.UNAVAILABLE, List.of("Nicht verfügbar", "Andere Säule nutzen"))));

    // ---- every phase, both languages

    @ParameterizedTest
    @EnumSource(SessionPhase.class)
    void everyPhase_english(SessionPhase phase) {
        assertThat(shown(ENGLISH, online(typical(1, phase)), 4, 20)).isEqualTo(EN_4X20.get(phase));
    }

    @ParameterizedTest
    @EnumSource(SessionPhase.class)
    void everyPhase_german(SessionPhase phase) {
        assertThat(shown(GERMAN, online(typical(1, phase)), 4, 20)).isEqualTo(DE_4X20.get(phase));
    }

    @Test
    void cardAccepted_whenTheCableIsAlreadyIn_starts() {
        EvseState accepted = evse(view(1, SessionPhase.WAITING_FOR_CABLE), connector(1, ConnectorStatus.Occupied, true));

        assertThat(shown(ENGLISH, online(accepted), 4, 20)).containsExactly("Card accepted", "Starting");
        assertThat(shown(GERMAN, online(accepted), 4, 20)).containsExactly("Karte akzeptiert", "Startet");
    }

    // ---- why a card was refused

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "Blocked            | Card blocked         | Karte gesperrt",
            "ConcurrentTx       | Card already in use  | Karte bereits aktiv",
            "Expired            | Card expired         | Karte abgelaufen",
            "Invalid            | Card not valid       | Karte ungültig",
            "NoCredit           | No credit left       | Kein Guthaben",
            "NotAllowedTypeEVSE | Not for this charger | Nicht für diesen Typ",
            "NotAtThisLocation  | Not valid here       | Hier nicht gültig",
            "NotAtThisTime      | Not valid now        | Jetzt nicht gültig",
            "Unknown            | Card unknown         | Karte unbekannt" })
    void rejection_everyAuthorizationStatusInPlainWords(String status, String english, String german) {
        EvseState e = evse(rejected(1, status));

        assertThat(shown(ENGLISH, online(e), 4, 20)).containsExactly("Card not accepted", english, "Try another card");
        assertThat(shown(GERMAN, online(e), 4, 20)).containsExactly("Karte abgelehnt", german, "Andere Karte nutzen");
    }

    @Test
    void rejection_withoutAStatus_orAccepted_saysNotAllowed_andPlainWordsAreShownAsGiven() {
        assertThat(ENGLISH.rejection(null)).isEqualTo("Not allowed");
        assertThat(ENGLISH.rejection("  ")).isEqualTo("Not allowed");
        assertThat(ENGLISH.rejection("Accepted")).isEqualTo("Not allowed");
        assertThat(GERMAN.rejection(null)).isEqualTo("Nicht erlaubt");
        assertThat(ENGLISH.rejection(" NoCredit ")).isEqualTo("No credit left");
        assertThat(ENGLISH.rejection("Card reader busy")).isEqualTo("Card reader busy");
    }

    // ---- why charging stopped

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "DeAuthorized       | Card not accepted    | Karte abgelehnt",
            "EmergencyStop      | Emergency stop       | Not-Halt",
            "EnergyLimitReached | Energy limit reached | kWh-Limit erreicht",
            "EVDisconnected     | Vehicle disconnected | Fahrzeug getrennt",
            "GroundFault        | Ground fault         | Erdschluss",
            "ImmediateReset     | Station restarting   | Station startet neu",
            "Local              | Stopped at station   | An Säule beendet",
            "LocalOutOfCredit   | Credit used up       | Guthaben verbraucht",
            "MasterPass         | Stopped by staff     | Vom Personal beendet",
            "Other              | Other reason         | Sonstiger Grund",
            "OvercurrentFault   | Overcurrent fault    | Überstromfehler",
            "PowerLoss          | Power failure        | Stromausfall",
            "PowerQuality       | Power supply fault   | Netzstörung",
            "Reboot             | Station restarted    | Neustart der Station",
            "Remote             | Stopped remotely     | Extern beendet",
            "SOCLimitReached    | Charge limit reached | Ladeziel erreicht",
            "StoppedByEV        | Stopped by vehicle   | Vom Fahrzeug beendet",
            "TimeLimitReached   | Time limit reached   | Zeitlimit erreicht",
            "Timeout            | Cable not plugged in | Kabel nicht gesteckt" })
    void summary_everyStoppedReasonInPlainWords(String reason, String english, String german) {
        EvseState e = evse(finished(1, 1_500.0, Duration.ofSeconds(65), reason, null));

        assertThat(shown(ENGLISH, online(e), 4, 20))
                .containsExactly("Charging stopped", "1.50 kWh     0:01:05", english, "Thank you");
        assertThat(shown(GERMAN, online(e), 4, 20))
                .containsExactly("Laden beendet", "1,50 kWh     0:01:05", german, "Vielen Dank");
    }

    @Test
    void summary_reasonFromTheMessage_whenNoStoppedReason() {
        assertThat(ENGLISH.stopReason(finished(1, 0.0, null, null, "Remote"))).isEqualTo("Stopped remotely");
        assertThat(ENGLISH.stopReason(finished(1, 0.0, null, null, "Vehicle left"))).isEqualTo("Vehicle left");
        assertThat(ENGLISH.stopReason(finished(1, 0.0, null, "NotAReason", null))).isNull();
        assertThat(ENGLISH.stopReason(finished(1, 0.0, null, null, null))).isNull();
    }

    @Test
    void summary_withoutReasonOrValues_stillSaysStopped() {
        EvseState e = evse(finished(1, null, null, null, null));

        assertThat(shown(ENGLISH, online(e), 4, 20)).containsExactly("Charging stopped", "Thank you");
    }

    // ---- charging with values missing

    @Test
    void charging_withoutStateOfChargeOrPower_showsWhatIsKnown() {
        EvseState noSoc = evse(charging(1, SessionPhase.CHARGING, 500.0, null, null, Duration.ofSeconds(5)));
        EvseState nothing = evse(charging(1, SessionPhase.CHARGING, Double.NaN, null, Double.NaN, null));

        assertThat(shown(ENGLISH, online(noSoc), 4, 20)).containsExactly("Charging", "0.50 kWh", "Time 0:00:05");
        assertThat(shown(ENGLISH, online(nothing), 4, 20)).containsExactly("Charging");
    }

    @Test
    void charging_onlyPowerKnown() {
        EvseState e = evse(charging(1, SessionPhase.CHARGING, null, 7_400.0, 80.0, null));

        assertThat(shown(ENGLISH, online(e), 4, 20)).containsExactly("Charging", "7.4 kW", "Battery 80%");
    }

    // ---- which state wins

    @Test
    void faultedConnector_overridesEverySessionPhase_butTheSummary() {
        ConnectorView faulted = connector(1, ConnectorStatus.Faulted, true);
        for (SessionPhase phase : SessionPhase.values()) {
            EvseState e = new EvseState(1, typical(1, phase).session(), List.of(faulted), Duration.ofSeconds(1));
            List<String> lines = shown(ENGLISH, online(e), 4, 20);
            if (phase == SessionPhase.FINISHED) {
                assertThat(lines.get(0)).isEqualTo("Charging stopped");
            } else {
                assertThat(lines).as(phase.name()).containsExactly("Out of order", "Use another charger");
            }
        }
        assertThat(shown(GERMAN, online(evse(view(1, SessionPhase.IDLE), faulted)), 4, 20))
                .containsExactly("Außer Betrieb", "Andere Säule nutzen");
    }

    @Test
    void unavailableConnector_showsNotAvailable_onlyWhileNoSessionRuns() {
        ConnectorView unavailable = connector(1, ConnectorStatus.Unavailable, false);
        ConnectorView unavailablePlugged = connector(1, ConnectorStatus.Unavailable, true);

        assertThat(shown(ENGLISH, online(evse(view(1, SessionPhase.IDLE), unavailable)), 4, 20))
                .containsExactly("Not available", "Use another charger");
        assertThat(shown(ENGLISH, online(evse(view(1, SessionPhase.WAITING_FOR_AUTHORIZATION), unavailablePlugged)),
                4, 20)).containsExactly("Not available", "Use another charger");
        // G03.FR.05: the running transaction keeps the EVSE; it becomes unavailable when it ends.
        assertThat(shown(ENGLISH, online(evse(charging(1, SessionPhase.CHARGING, 1_000.0, 1_000.0, null, null),
                unavailablePlugged)), 4, 20)).startsWith("Charging");
    }

    @Test
    void evseWithSeveralConnectors_faultedOnlyWhenNoneCanBeUsed() {
        ConnectorView faulted = new ConnectorView(1, 1, "cCCS2", ConnectorStatus.Faulted, false);
        ConnectorView fine = new ConnectorView(1, 2, "cCCS1", ConnectorStatus.Available, false);
        ConnectorView unavailable = new ConnectorView(1, 2, "cCCS1", ConnectorStatus.Unavailable, false);

        assertThat(shown(ENGLISH, online(new EvseState(1, null, List.of(faulted, fine), null)), 4, 20))
                .startsWith("Welcome");
        // G03.FR.06: a faulted EVSE makes its other connectors unavailable
        assertThat(shown(ENGLISH, online(new EvseState(1, null, List.of(faulted, unavailable), null)), 4, 20))
                .containsExactly("Out of order", "Use another charger");
    }

    // ---- without the transaction bundle: the connectors alone

    @Test
    void withoutSessions_theScreenFollowsTheConnectors() {
        assertThat(shown(ENGLISH, online(connectorsOnly(ConnectorStatus.Available, false)), 4, 20))
                .containsExactly("Welcome", "Present card", "or plug in");
        assertThat(shown(ENGLISH, online(connectorsOnly(ConnectorStatus.Occupied, true)), 4, 20))
                .containsExactly("Cable connected", "Present card");
        assertThat(shown(ENGLISH, online(connectorsOnly(ConnectorStatus.Reserved, false)), 4, 20))
                .containsExactly("Reserved", "Reserved card only");
        assertThat(shown(GERMAN, online(connectorsOnly(ConnectorStatus.Reserved, false)), 4, 20))
                .containsExactly("Reserviert", "Nur für Reservierung");
        assertThat(shown(ENGLISH, online(connectorsOnly(ConnectorStatus.Faulted, false)), 4, 20))
                .containsExactly("Out of order", "Use another charger");
        assertThat(shown(ENGLISH, online(connectorsOnly(ConnectorStatus.Unavailable, false)), 4, 20))
                .containsExactly("Not available", "Use another charger");
    }

    @Test
    void noEvseKnownYet_startingUp() {
        assertThat(shown(ENGLISH, new StationView(List.of(), true), 4, 20)).containsExactly("Starting up", "Please wait");
        assertThat(shown(GERMAN, new StationView(List.of(), true), 4, 20))
                .containsExactly("Station startet", "Bitte warten");
    }

    // ---- offline

    @Test
    void offline_addsAMarker_andHidesNoValue() {
        EvseState charging = typical(1, SessionPhase.CHARGING);
        EvseState paused = typical(1, SessionPhase.SUSPENDED_EV);

        assertThat(shown(ENGLISH, offline(charging), 4, 20))
                .containsExactly("Charging     offline", "12.35 kWh     150 kW", "Battery 45%", "Time 0:12:34");
        assertThat(shown(ENGLISH, offline(paused), 4, 20))
                .containsExactly("Paused by vehicle", "12.35 kWh     150 kW", "Battery 45%", "Time 0:12:34 offline");
        assertThat(shown(GERMAN, offline(typical(1, SessionPhase.IDLE)), 4, 20))
                .containsExactly("Willkommen   offline", "Karte vorhalten", "oder Kabel stecken");
    }

    @Test
    void offline_markerTakesTheHintsRow_whenNoRowHasRoom() {
        assertThat(shown(ENGLISH, offline(typical(1, SessionPhase.FINISHED)), 4, 20)).containsExactly(
                "Charging stopped", "23.46 kWh    0:30:00", "Vehicle disconnected", "             offline");
        assertThat(shown(ENGLISH, offline(typical(1, SessionPhase.WAITING_FOR_CABLE)), 4, 20))
                .containsExactly("Card accepted", "Plug in the cable", "             offline");
    }

    // ---- two EVSEs on one display

    @Test
    void dual_bothEvsesCompactly() {
        StationView station = new StationView(List.of(typical(1, SessionPhase.CHARGING),
                typical(2, SessionPhase.IDLE)), true);

        assertThat(shown(ENGLISH, station, 4, 20)).containsExactly(
                "1: Charging      45%",
                "12.35 kWh     150 kW",
                "2: Present card",
                "or plug in");
        assertThat(shown(GERMAN, station, 4, 20)).containsExactly(
                "1: Ladevorgang  45 %",
                "12,35 kWh     150 kW",
                "2: Karte vorhalten",
                "oder Kabel stecken");
    }

    @Test
    void dual_rejectedAndSummary() {
        StationView station = new StationView(List.of(typical(1, SessionPhase.REJECTED),
                typical(2, SessionPhase.FINISHED)), true);

        assertThat(shown(ENGLISH, station, 4, 20)).containsExactly(
                "1: Card not accepted",
                "Card expired",
                "2: Charging stopped",
                "23.46 kWh    0:30:00");
    }

    @Test
    void dual_offline_markerWhereItHidesLeast() {
        StationView idleAndCharging = new StationView(List.of(typical(1, SessionPhase.IDLE),
                typical(2, SessionPhase.CHARGING)), false);
        StationView bothCharging = new StationView(List.of(typical(1, SessionPhase.CHARGING),
                typical(2, SessionPhase.SUSPENDED_EV)), false);

        assertThat(shown(ENGLISH, idleAndCharging, 4, 20)).containsExactly(
                "1: Present card",
                "or plug in   offline",
                "2: Charging      45%",
                "12.35 kWh     150 kW");
        assertThat(shown(ENGLISH, bothCharging, 4, 20)).containsExactly(
                "1: Char… 45% offline",
                "12.35 kWh     150 kW",
                "2: Paused by vehicle",
                "12.35 kWh     150 kW");
    }

    @Test
    void dual_onALargerDisplay_showsMoreOfEach() {
        StationView station = new StationView(List.of(typical(1, SessionPhase.CHARGING),
                typical(2, SessionPhase.FINISHED)), true);

        assertThat(shown(ENGLISH, station, 8, 40)).containsExactly(
                "1: Charging                          45%",
                "12.35 kWh                         150 kW",
                "Time 0:12:34",
                "2: Charging stopped",
                "23.46 kWh                        0:30:00",
                "Vehicle disconnected");
    }

    @Test
    void moreEvsesThanRows_oneShortEntryEach() {
        StationView station = new StationView(List.of(typical(1, SessionPhase.CHARGING),
                typical(2, SessionPhase.IDLE), typical(3, SessionPhase.UNAVAILABLE)), true);

        assertThat(shown(ENGLISH, station, 4, 20)).containsExactly(
                "1: Charging      45%", "2: Present card", "3: Not available");
        assertThat(shown(ENGLISH, station, 2, 40)).containsExactly(
                "1: Charging | 2: Present card | 3: Not", "available");
    }

    @Test
    void displayOfOneEvse_showsThatEvseAlone() {
        StationView station = new StationView(List.of(typical(1, SessionPhase.CHARGING),
                typical(2, SessionPhase.IDLE)), true);

        assertThat(ENGLISH.compose(station, 2, 4, 20).lines()).containsExactly("Welcome", "Present card", "or plug in");
        assertThat(ENGLISH.compose(station, 1, 4, 20).lines()).startsWith("Charging");
        assertThat(ENGLISH.compose(station, 7, 4, 20).lines()).containsExactly("Starting up", "Please wait");
    }

    // ---- fitting

    /** Every state, both languages, single and shared layouts, online and offline, on displays of many sizes. */
    @Test
    void everyScreenFitsEveryDisplay() {
        int[][] sizes = { { 4, 20 }, { 2, 16 }, { 1, 20 }, { 3, 12 }, { 8, 40 }, { 1, 1 }, { 2, 8 }, { 6, 24 } };
        List<String> violations = new ArrayList<>();
        for (ScreenComposer composer : List.of(ENGLISH, GERMAN)) {
            for (StationView station : allStations()) {
                for (int[] size : sizes) {
                    List<String> lines = composer.compose(station, 0, size[0], size[1]).lines();
                    boolean fits = lines.size() <= size[0]
                            && lines.stream().allMatch(l -> l.length() <= size[1] && !l.endsWith(" "));
                    if (!fits) {
                        violations.add(size[0] + "x" + size[1] + " " + lines + " for " + station);
                    }
                }
            }
        }
        assertThat(violations).isEmpty();
    }

    /** On the reference 4x20 display, online, no text is ever cut, alone or shared. */
    @Test
    void nothingIsCutOnTheReferenceDisplay() {
        for (ScreenComposer composer : List.of(ENGLISH, GERMAN)) {
            for (StationView station : allStations()) {
                if (station.online()) {
                    assertThat(composer.compose(station, 0, 4, 20).lines()).as(station.toString())
                            .noneMatch(l -> l.contains(Fit.ELLIPSIS));
                }
            }
        }
    }

    /** The simulated display (distribution default size) shows the content as composed: it has nothing to cut. */
    @Test
    void theSimulatedDisplayShowsTheContentUncut() {
        SimulatedDisplay display = new SimulatedDisplay(Configs.defaults(SimulatedDisplay.Config.class));
        for (ScreenComposer composer : List.of(ENGLISH, GERMAN)) {
            for (StationView station : allStations()) {
                var content = composer.compose(station, 0, display.rows(), display.columns());
                display.show(content);
                assertThat(display.current()).as(station.toString()).isEqualTo(content);
            }
        }
    }

    // ---- helpers

    private static List<StationView> allStations() {
        List<StationView> stations = new ArrayList<>();
        for (boolean online : new boolean[] { true, false }) {
            for (SessionPhase phase : SessionPhase.values()) {
                stations.add(new StationView(List.of(typical(1, phase)), online));
                for (SessionPhase other : SessionPhase.values()) {
                    stations.add(new StationView(List.of(typical(1, phase), typical(2, other)), online));
                }
            }
            for (String status : new String[] { "Blocked", "ConcurrentTx", "NotAllowedTypeEVSE", "NotAtThisLocation",
                    "NotAtThisTime", "NoCredit", "Invalid", "Unknown" }) {
                stations.add(new StationView(List.of(evse(rejected(1, status)), typical(2, SessionPhase.CHARGING)),
                        online));
            }
            for (io.galvani.ocpp.model.types.ReasonEnumType reason : io.galvani.ocpp.model.types.ReasonEnumType.values()) {
                EvseState done = evse(finished(1, 123_456.0, Duration.ofHours(27), reason.value(), null),
                        connector(1, ConnectorStatus.Occupied, true));
                stations.add(new StationView(List.of(done), online));
                stations.add(new StationView(List.of(done, typical(2, SessionPhase.CHARGING)), online));
            }
            stations.add(new StationView(List.of(), online));
        }
        return stations;
    }

    private static EvseState connectorsOnly(ConnectorStatus status, boolean plugged) {
        return new EvseState(1, null, List.of(connector(1, status, plugged)), null);
    }

    private static StationView online(EvseState e) {
        return new StationView(List.of(e), true);
    }

    private static StationView offline(EvseState e) {
        return new StationView(List.of(e), false);
    }

    private static List<String> shown(ScreenComposer composer, StationView station, int rows, int columns) {
        return composer.compose(station, 0, rows, columns).lines();
    }
}
