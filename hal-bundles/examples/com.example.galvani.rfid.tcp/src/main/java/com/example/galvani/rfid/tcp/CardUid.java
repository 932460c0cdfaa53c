package com.example.galvani.rfid.tcp;

import java.util.Locale;

/**
 * One line of the reader's protocol: a card UID in hex, 4, 7, 8 or 10 bytes (ISO 14443 single, double and
 * triple size; ISO 15693), optionally with ':', '-' or ' ' between the bytes, any case. Readers differ in
 * the separator and case, OCPP wants the bare upper-case hex.
 */
final class CardUid {
    /** Longer lines are not UIDs: dropped without buffering them (a misconfigured reader may send anything). */
    static final int MAX_LINE_LENGTH = 64;

    private CardUid() {
    }

    /**
     * The UID as OCPP sends it (upper-case hex without separators).
     *
     * @throws IllegalArgumentException saying why the line is no UID (the message never repeats the line)
     */
    static String parse(String line) {
        String hex = line.strip().replace(":", "").replace("-", "").replace(" ", "");
        if (hex.isEmpty()) {
            throw new IllegalArgumentException("empty line");
        }
        for (int i = 0; i < hex.length(); i++) {
            if (Character.digit(hex.charAt(i), 16) < 0) {
                throw new IllegalArgumentException("not hexadecimal (character " + (i + 1) + ")");
            }
        }
        int bytes = hex.length() / 2;
        if (hex.length() % 2 != 0 || (bytes != 4 && bytes != 7 && bytes != 8 && bytes != 10)) {
            throw new IllegalArgumentException(hex.length() + " hex digits; a card UID has 4, 7, 8 or 10 bytes");
        }
        return hex.toUpperCase(Locale.ROOT);
    }

    /** For logs: enough to tell cards apart at the bench, not enough to clone one. */
    static String masked(String uid) {
        return uid.length() <= 4 ? "****" : uid.substring(0, 4) + "*".repeat(uid.length() - 4);
    }
}
