package io.galvani.display.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import io.galvani.display.api.ScreenState;
import io.galvani.display.api.ScreenValues;
import io.galvani.hal.api.DisplayContent;
import io.galvani.ocpp.model.types.AuthorizationStatusEnumType;
import io.galvani.ocpp.model.types.ReasonEnumType;
import io.galvani.transactions.api.SessionPhase;
import io.galvani.transactions.api.SessionView;

/**
 * Decides what the screen shows: from the state of the station's EVSEs to the lines of one display.
 * Pure: the same state, texts and display size give the same content.
 *
 * <p>One EVSE on the display: its title on the top row, the details under it. Several EVSEs on one
 * display (the dual dispenser): the rows are shared out evenly, each EVSE's block starting with its id
 * ("1: Charging   45%") and keeping its most important detail. When the station is offline a small
 * "offline" marker is added where it hides least (see {@link Fit#fitBlocks}); nothing else changes,
 * since charging may go on offline.
 *
 * <p>Which state wins when session and connectors disagree: a faulted connector shows "out of order" over
 * everything except the summary of a session that just stopped; a connector set unavailable shows
 * "not available" only while no session runs (a running transaction keeps its EVSE until it ends,
 * G03.FR.05); without session information (transaction bundle not running) the screen follows the
 * connectors: plugged means "present card", reserved means "reserved", else the welcome screen.
 */
final class ScreenComposer {
    static final int ENERGY = 8;
    static final int REASON = 8;
    static final int STATE_OF_CHARGE = 7;
    static final int STOP_REASON = 7;
    static final int TIME = 6;
    /** The running cost shares the time's row, and the total outranks "please unplug". */
    static final int COST = 7;
    /** What the driver must do next (plug in, present a card): without it the driver is stuck. */
    static final int INSTRUCTION = 6;
    /** The offline marker: it may take the place of a hint, never of a value or an instruction. */
    static final int MARKER = 5;
    static final int HINT = 4;

    private final Texts texts;

    ScreenComposer(Texts texts) {
        this.texts = texts;
    }

    /**
     * The content of a display of {@code rows} × {@code columns} that belongs to EVSE {@code displayEvseId},
     * or to the whole station for 0.
     */
    DisplayContent compose(StationView station, int displayEvseId, int rows, int columns) {
        List<EvseState> evses = displayEvseId == 0 ? station.evses()
                : station.evses().stream().filter(e -> e.evseId() == displayEvseId).toList();
        String marker = station.online() ? null : texts.get("marker.offline");
        List<String> shown;
        if (evses.size() <= 1) {
            EvseScreen screen = evses.isEmpty() ? starting() : screen(evses.get(0));
            shown = Fit.fitBlocks(List.of(alone(screen)), rows, rows, columns, marker, MARKER);
        } else {
            shown = shared(evses, rows, columns, marker);
        }
        return new DisplayContent(shown.stream().map(String::stripTrailing).toList());
    }

    /** What an EVSE's state says, before layout. */
    EvseScreen screen(EvseState e) {
        SessionPhase phase = e.phase();
        if (e.faulted() && phase != SessionPhase.FINISHED) {
            return notUsable(ScreenState.FAULTED, "title.faulted");
        }
        if (e.updatingFirmware()) {
            return updating();
        }
        return switch (phase) {
            case IDLE -> idle(e);
            case AUTHORIZING -> simple(ScreenState.AUTHORIZING, "title.authorizing", "hint.wait");
            case REJECTED -> rejected(e.session());
            case WAITING_FOR_CABLE -> e.plugged() ? simple(ScreenState.CARD_ACCEPTED, "title.accepted", "hint.starting")
                    : instruction(ScreenState.PLUG_IN, "title.accepted", "hint.plugIn");
            case WAITING_FOR_AUTHORIZATION -> e.unavailable() ? notUsable(ScreenState.UNAVAILABLE, "title.unavailable")
                    : instruction(ScreenState.PRESENT_CARD, "title.waitingForAuthorization", "hint.presentCard");
            case CABLE_CHECK -> simple(ScreenState.CABLE_CHECK, "title.cableCheck", "hint.wait");
            case PRE_CHARGE -> simple(ScreenState.PRE_CHARGE, "title.preCharge", "hint.wait");
            case CHARGING -> running(ScreenState.CHARGING, "title.charging", e);
            case SUSPENDED_EV -> running(ScreenState.PAUSED_BY_EV, "title.suspendedEv", e);
            case SUSPENDED_EVSE -> running(ScreenState.PAUSED_BY_STATION, "title.suspendedEvse", e);
            case FINISHED -> finished(e);
            case UNAVAILABLE -> notUsable(ScreenState.UNAVAILABLE, "title.unavailable");
        };
    }

    /** Why a card was refused, in plain words: {@link SessionView#message()} carries the AuthorizationStatus. */
    String rejection(String message) {
        if (message == null || message.isBlank()) {
            return texts.get("reject.other");
        }
        String m = message.strip();
        try {
            AuthorizationStatusEnumType status = AuthorizationStatusEnumType.fromValue(m);
            return status == AuthorizationStatusEnumType.Accepted ? texts.get("reject.other")
                    : texts.get("reject." + status.value());
        } catch (IllegalArgumentException notAStatus) {
            return m; // already plain words from the transaction bundle
        }
    }

    /**
     * Why charging stopped, in plain words: the stoppedReason (ReasonEnumType), else a reason value or plain
     * words in the message; null if neither says anything.
     */
    String stopReason(SessionView v) {
        if (v == null) {
            return null;
        }
        String reason = reasonText(v.stoppedReason());
        if (reason == null) {
            reason = reasonText(v.message());
        }
        if (reason == null && v.message() != null && !v.message().isBlank()) {
            reason = v.message().strip();
        }
        return reason;
    }

    // ---- layouts

    private static List<Line> alone(EvseScreen s) {
        List<Line> lines = new ArrayList<>();
        lines.add(Line.text(s.title(), Line.TITLE));
        lines.addAll(s.details());
        return lines;
    }

    private List<String> shared(List<EvseState> evses, int rows, int columns, String marker) {
        int perEvse = rows / evses.size();
        if (perEvse == 0) {
            // More EVSEs than rows: one short entry each, run together.
            String all = evses.stream().map(e -> label(e) + headline(screen(e))).collect(Collectors.joining(" | "));
            return Fit.fitBlocks(List.of(List.of(Line.text(all, Line.TITLE))), rows, rows, columns, marker, MARKER);
        }
        List<List<Line>> blocks = new ArrayList<>();
        for (EvseState e : evses) {
            blocks.add(compact(label(e), screen(e), columns));
        }
        return Fit.fitBlocks(blocks, perEvse, rows, columns, marker, MARKER);
    }

    private static List<Line> compact(String label, EvseScreen s, int columns) {
        List<Line> lines = new ArrayList<>();
        if (s.greeting() && !s.compactDetails().isEmpty()) {
            // "Welcome" tells nothing the hint does not: the hint's first part takes the EVSE's first row.
            Line hint = s.compactDetails().get(0);
            String[] parts = hint.left().split("\n");
            lines.add(Line.text(label + parts[0], Line.TITLE));
            for (int i = 1; i < parts.length; i++) {
                lines.add(Line.text(parts[i], hint.priority()));
            }
            lines.addAll(s.compactDetails().subList(1, s.compactDetails().size()));
            return lines;
        }
        String title = label + s.title();
        // The value next to the title only where both fit: the title says why the values are what they are.
        boolean roomForRight = s.titleRight() != null && title.length() + 1 + s.titleRight().length() <= columns;
        lines.add(roomForRight ? Line.pair(title, s.titleRight(), Line.TITLE) : Line.text(title, Line.TITLE));
        lines.addAll(s.compactDetails());
        return lines;
    }

    private static String headline(EvseScreen s) {
        if (s.greeting() && !s.compactDetails().isEmpty()) {
            return s.compactDetails().get(0).left().split("\n")[0];
        }
        return s.title();
    }

    private static String label(EvseState e) {
        return e.evseId() + ": ";
    }

    // ---- screens

    EvseScreen starting() {
        return simple(ScreenState.STARTING, "title.starting", "hint.wait");
    }

    private EvseScreen idle(EvseState e) {
        if (e.unavailable()) {
            return notUsable(ScreenState.UNAVAILABLE, "title.unavailable");
        }
        if (e.plugged()) {
            return instruction(ScreenState.PRESENT_CARD, "title.waitingForAuthorization", "hint.presentCard");
        }
        if (e.reserved()) {
            return simple(ScreenState.RESERVED, "title.reserved", "hint.reserved");
        }
        String welcome = texts.get("hint.welcome");
        List<Line> hint = List.of(Line.text(welcome, HINT));
        return new EvseScreen(ScreenState.WELCOME, texts.get("title.welcome"), null, hint, hint, true,
                hintOnly(welcome));
    }

    /** Firmware is being installed: nobody can charge here until it is over. */
    private EvseScreen updating() {
        String wait = texts.get("hint.wait");
        String why = texts.get("hint.updating");
        return EvseScreen.of(ScreenState.UPDATING_FIRMWARE, texts.get("title.updating"),
                List.of(Line.text(wait, INSTRUCTION), Line.text(why, HINT)), hintOnly(why + ". " + wait));
    }

    private EvseScreen simple(ScreenState state, String titleKey, String hintKey) {
        String hint = texts.get(hintKey);
        return EvseScreen.of(state, texts.get(titleKey), List.of(Line.text(hint, HINT)), hintOnly(hint));
    }

    private EvseScreen instruction(ScreenState state, String titleKey, String instructionKey) {
        String hint = texts.get(instructionKey);
        return EvseScreen.of(state, texts.get(titleKey), List.of(Line.text(hint, INSTRUCTION)), hintOnly(hint));
    }

    private EvseScreen notUsable(ScreenState state, String titleKey) {
        return simple(state, titleKey, "hint.useAnother");
    }

    private EvseScreen rejected(SessionView v) {
        String why = rejection(v == null ? null : v.message());
        String hint = texts.get("hint.tryAnotherCard");
        Line reason = Line.text(why, REASON);
        ScreenValues values = new ScreenValues(null, null, null, null, null, null, null, null, null, null, why,
                oneLine(hint));
        return new EvseScreen(ScreenState.CARD_REJECTED, texts.get("title.rejected"), null,
                List.of(reason, Line.text(hint, HINT)), List.of(reason), false, values);
    }

    /** Charging or paused: energy and power, state of charge, time (beside the running cost, if priced). */
    private EvseScreen running(ScreenState state, String titleKey, EvseState e) {
        SessionView v = e.session();
        String energyText = Formats.known(v.energyWh()) ? Formats.energy(v.energyWh(), texts.locale()) : null;
        String powerText = Formats.known(v.powerW()) ? Formats.power(v.powerW(), texts.locale()) : null;
        Line energy = pairOrSingle(energyText, powerText, ENERGY);
        String soc = Formats.known(v.stateOfChargePct()) ? Formats.percent(v.stateOfChargePct()) : null;
        String hms = e.elapsed() == null ? null : Formats.hms(e.elapsed());
        String costText = e.cost() == null ? null : Formats.cost(e.cost(), texts.locale());
        // With a cost the time loses its caption, so that both fit one row of the 4x20 display.
        Line time = costText != null ? pairOrSingle(hms, costText, COST)
                : hms == null ? null : Line.text(texts.get("value.time", hms), TIME);
        List<Line> details = new ArrayList<>();
        List<Line> compact = new ArrayList<>();
        addIfSet(details, energy);
        addIfSet(compact, energy);
        String socText = soc == null ? null : texts.get("value.socShort", soc);
        if (soc != null) {
            details.add(Line.text(texts.get("value.soc", soc), STATE_OF_CHARGE));
        }
        addIfSet(details, time);
        addIfSet(compact, time);
        ScreenValues values = new ScreenValues(kwh(v.energyWh()), kwh(v.powerW()), known(v.stateOfChargePct()),
                e.elapsed(), e.cost(), energyText, powerText, socText, hms, costText, null, null);
        return new EvseScreen(state, texts.get(titleKey), socText, details, compact, false, values);
    }

    /** The summary after charging stopped: energy and duration, why it stopped, the total, what to do now. */
    private EvseScreen finished(EvseState e) {
        SessionView v = e.session();
        String energyText = Formats.known(v.energyWh()) ? Formats.energy(v.energyWh(), texts.locale()) : null;
        String hms = e.elapsed() == null ? null : Formats.hms(e.elapsed());
        Line summary = pairOrSingle(energyText, hms, ENERGY);
        String reason = stopReason(v);
        String costText = e.cost() == null ? null : Formats.cost(e.cost(), texts.locale());
        String hint = texts.get(e.plugged() ? "hint.unplug" : "hint.thanks");
        List<Line> details = new ArrayList<>();
        List<Line> compact = new ArrayList<>();
        addIfSet(details, summary);
        addIfSet(compact, summary);
        if (reason != null) {
            details.add(Line.text(reason, STOP_REASON));
            compact.add(Line.text(reason, STOP_REASON));
        }
        if (costText != null) {
            details.add(Line.text(texts.get("value.total", costText), COST));
        }
        details.add(Line.text(hint, HINT));
        ScreenValues values = new ScreenValues(kwh(v.energyWh()), null, null, e.elapsed(), e.cost(), energyText,
                null, null, hms, costText, reason, oneLine(hint));
        return new EvseScreen(ScreenState.SUMMARY, texts.get("title.finished"), null, details, compact, false,
                values);
    }

    private static ScreenValues hintOnly(String hint) {
        return new ScreenValues(null, null, null, null, null, null, null, null, null, null, null, oneLine(hint));
    }

    /** A text as one line: the display's preferred breaks become spaces. */
    private static String oneLine(String text) {
        return text == null ? null : text.replace('\n', ' ');
    }

    private static Double kwh(Double wOrWh) {
        return Formats.known(wOrWh) ? wOrWh / 1000.0 : null;
    }

    private static Double known(Double value) {
        return Formats.known(value) ? value : null;
    }

    private String reasonText(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return texts.get("stop." + ReasonEnumType.fromValue(value.strip()).value());
        } catch (IllegalArgumentException notAReason) {
            return null;
        }
    }

    private static Line pairOrSingle(String left, String right, int priority) {
        if (left != null && right != null) {
            return Line.pair(left, right, priority);
        }
        if (left != null || right != null) {
            return Line.text(left != null ? left : right, priority);
        }
        return null;
    }

    private static void addIfSet(List<Line> lines, Line line) {
        if (line != null) {
            lines.add(line);
        }
    }
}
