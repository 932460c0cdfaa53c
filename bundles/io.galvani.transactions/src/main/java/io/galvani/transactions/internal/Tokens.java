package io.galvani.transactions.internal;

import io.galvani.ocpp.model.types.IdTokenType;

/** idTokens are personal data: logs and displays show only their last four characters. */
final class Tokens {
    private Tokens() {
    }

    static String mask(IdTokenType token) {
        if (token == null) {
            return "-";
        }
        String id = token.idToken();
        return id.length() <= 4 ? "****" : "****" + id.substring(id.length() - 4);
    }
}
