package io.galvani.authorization.internal;

import io.galvani.ocpp.model.types.IdTokenEnumType;
import io.galvani.ocpp.model.types.IdTokenType;

/**
 * How an idToken appears in logs: personal data, so never in full. The last four characters are enough
 * to tell cards apart in a log ("****F7E6"); tokens shorter than eight characters would give too much away
 * with four, so they appear as "****" only, and so do key codes (PINs, licence plates; C04.FR.04).
 */
final class TokenMask {
    private static final String HIDDEN = "****";
    private static final int SHOWN = 4;
    private static final int SHORTEST_WITH_TAIL = 8;

    private TokenMask() {
    }

    static String mask(IdTokenType token) {
        if (token == null) {
            return "(none)";
        }
        if (token.type() == IdTokenEnumType.KeyCode) {
            return HIDDEN + " (" + token.type().value() + ")";
        }
        return mask(token.idToken()) + " (" + token.type().value() + ")";
    }

    static String mask(String value) {
        if (value == null || value.length() < SHORTEST_WITH_TAIL) {
            return HIDDEN;
        }
        return HIDDEN + value.substring(value.length() - SHOWN);
    }
}
