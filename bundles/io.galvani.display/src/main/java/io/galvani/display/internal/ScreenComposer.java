package io.galvani.display.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

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
            return notUsable("title.faulted");
        }
        return switch (phase) {
            case IDLE -> idle(e);
            case AUTHORIZING -> simple("title.authorizing", "hint.wait");
            case REJECTED -> rejected(e.session());
            case WAITING_FOR_CABLE -> e.plugged() ? simple("title.accepted", "hint.starting")
                    : instruction("title.accepted", "hint.plugIn");
            case WAITING_FOR_AUTHORIZATION -> e.unavailable() ? notUsable("title.unavailable")
                    : instruction("title.waitingForAuthorization", "hint.presentCard");
            case CABLE_CHECK -> simple("title.cableCheck", "hint.wait");
            case PRE_CHARGE -> simple("title.preCharge", "hint.wait");
            case CHARGING -> running("title.charging", e);
            case SUSPENDED_EV -> running("title.suspendedEv", e);
            case SUSPENDED_EVSE -> running("title.suspendedEvse", e);
            case FINISHED -> finished(e);
            case UNAVAILABLE -> notUsable("title.unavailable");
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

    private EvseScreen starting() {
        return simple("title.starting", "hint.wait");
    }

    private EvseScreen idle(EvseState e) {
        if (e.unavailable()) {
            return notUsable("title.unavailable");
        }
        if (e.plugged()) {
            return instruction("title.waitingForAuthorization", "hint.presentCard");
        }
        if (e.reserved()) {
            return simple("title.reserved", "hint.reserved");
        }
        List<Line> hint = List.of(Line.text(texts.get("hint.welcome"), HINT));
        return new EvseScreen(texts.get("title.welcome"), null, hint, hint, true);
    }

    private EvseScreen simple(String titleKey, String hintKey) {
        return EvseScreen.of(texts.get(titleKey), List.of(Line.text(texts.get(hintKey), HINT)));
    }

    private EvseScreen instruction(String titleKey, String instructionKey) {
        return EvseScreen.of(texts.get(titleKey), List.of(Line.text(texts.get(instructionKey), INSTRUCTION)));
    }

    private EvseScreen notUsable(String titleKey) {
        return simple(titleKey, "hint.useAnother");
    }

    private EvseScreen rejected(SessionView v) {
        Line reason = Line.text(rejection(v == null ? null : v.message()), REASON);
        return new EvseScreen(texts.get("title.rejected"), null,
                List.of(reason, Line.text(texts.get("hint.tryAnotherCard"), HINT)), List.of(reason), false);
    }

    /** Charging or paused: energy and power, state of charge, time. */
    private EvseScreen running(String titleKey, EvseState e) {
        SessionView v = e.session();
        Line energy = pairOrSingle(
                Formats.known(v.energyWh()) ? Formats.energy(v.energyWh(), texts.locale()) : null,
                Formats.known(v.powerW()) ? Formats.power(v.powerW(), texts.locale()) : null, ENERGY);
        String soc = Formats.known(v.stateOfChargePct()) ? Formats.percent(v.stateOfChargePct()) : null;
        Line time = e.elapsed() == null ? null : Line.text(texts.get("value.time", Formats.hms(e.elapsed())), TIME);
        List<Line> details = new ArrayList<>();
        List<Line> compact = new ArrayList<>();
        addIfSet(details, energy);
        addIfSet(compact, energy);
        if (soc != null) {
            details.add(Line.text(texts.get("value.soc", soc), STATE_OF_CHARGE));
        }
        addIfSet(details, time);
        addIfSet(compact, time);
        return new EvseScreen(texts.get(titleKey), soc == null ? null : texts.get("value.socShort", soc), details,
                compact, false);
    }

    /** The summary after charging stopped: energy and duration, why it stopped, what to do now. */
    private EvseScreen finished(EvseState e) {
        SessionView v = e.session();
        Line summary = pairOrSingle(
                Formats.known(v.energyWh()) ? Formats.energy(v.energyWh(), texts.locale()) : null,
                e.elapsed() == null ? null : Formats.hms(e.elapsed()), ENERGY);
        String reason = stopReason(v);
        List<Line> details = new ArrayList<>();
        List<Line> compact = new ArrayList<>();
        addIfSet(details, summary);
        addIfSet(compact, summary);
        if (reason != null) {
            details.add(Line.text(reason, STOP_REASON));
            compact.add(Line.text(reason, STOP_REASON));
        }
        details.add(Line.text(texts.get(e.plugged() ? "hint.unplug" : "hint.thanks"), HINT));
        return new EvseScreen(texts.get("title.finished"), null, details, compact, false);
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
