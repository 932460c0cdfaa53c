package io.galvani.filetransfer;

import java.util.regex.Pattern;

/**
 * Keeps secrets of an upload location out of logs and status texts: the user info
 * ({@code ftp://user:password@host}) and the query ({@code ?X-Amz-Signature=...} of a pre-signed URL).
 */
public final class Redaction {
    private static final Pattern USER_INFO = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*://)([^/?#]*)@");
    private static final Pattern QUERY = Pattern.compile("\\?[^#]*");

    private Redaction() {
    }

    /** {@code location} with user info and query replaced by {@code ***}; never null. */
    public static String location(String location) {
        if (location == null) {
            return "";
        }
        String s = USER_INFO.matcher(location.strip()).replaceFirst("$1***@");
        s = QUERY.matcher(s).replaceFirst("?***");
        // Whatever could not be recognised as a URL is not echoed at full length.
        return s.length() > 200 ? s.substring(0, 200) + "…" : s;
    }

    /** {@code text} with every non-empty secret replaced by {@code ***}. */
    public static String text(String text, String... secrets) {
        if (text == null) {
            return "";
        }
        String s = text;
        for (String secret : secrets) {
            if (secret != null && !secret.isEmpty()) {
                s = s.replace(secret, "***");
            }
        }
        return s;
    }
}
