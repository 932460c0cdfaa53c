package io.galvani.localapi.internal;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.galvani.transactions.api.SessionView;

/**
 * A {@link SessionView} as JSON: the session fields of {@code /status} and the items of {@code /sessions}.
 * Values that do not apply are null; a non-finite measurement (NaN is not JSON) is null too. An idToken
 * never leaves the station whole: the hint is masked again here, whatever the provider sent.
 */
final class SessionJson {
    static final String MASK = "****";
    /** At most this many characters of a token are shown (and never more than half of it). */
    static final int VISIBLE = 4;

    private SessionJson() {
    }

    /** {@code phase, energyWh, powerW, soc, elapsedSeconds, message, stoppedReason}: the {@code session} of /status. */
    static ObjectNode summary(SessionView v) {
        return putSummary(JsonNodeFactory.instance.objectNode(), v);
    }

    /** Every field of the view, for /sessions. */
    static ObjectNode full(SessionView v) {
        ObjectNode node = JsonNodeFactory.instance.objectNode()
                .put("evseId", v.evseId())
                .put("transactionId", v.transactionId())
                .put("chargingState", v.chargingState())
                .put("idTokenHint", maskedHint(v.idTokenHint()))
                .put("startedAt", v.startedAt() == null ? null : v.startedAt().toString());
        return putSummary(node, v);
    }

    private static ObjectNode putSummary(ObjectNode node, SessionView v) {
        return node.put("phase", v.phase() == null ? null : v.phase().name())
                .put("energyWh", finite(v.energyWh()))
                .put("powerW", finite(v.powerW()))
                .put("soc", finite(v.stateOfChargePct()))
                .put("elapsedSeconds", v.elapsed() == null ? null : v.elapsed().getSeconds())
                .put("message", v.message())
                .put("stoppedReason", v.stoppedReason());
    }

    /**
     * The hint as the API shows it: "****" and at most the last {@value #VISIBLE} characters. A hint the
     * transaction bundle already masked ("****F7E6") stays as it is; one that is not masked (a bug there)
     * shows no more than half of its characters, so that a short token is never shown whole.
     */
    static String maskedHint(String hint) {
        if (hint == null || hint.isEmpty()) {
            return null;
        }
        int start = 0;
        while (start < hint.length() && hint.charAt(start) == '*') {
            start++;
        }
        String visible = hint.substring(start);
        int keep = start > 0 ? Math.min(VISIBLE, visible.length()) : Math.min(VISIBLE, visible.length() / 2);
        return MASK + visible.substring(visible.length() - keep);
    }

    private static Double finite(Double value) {
        return value == null || !Double.isFinite(value) ? null : value;
    }
}
