package io.galvani.filetransfer;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;

/**
 * A parsed file transfer location (GetLog {@code remoteLocation}, UpdateFirmware {@code firmware.location}). Parsed by hand rather than with {@link URI} because CSMSs send
 * user infos that are not escaped (the OCPP specification's own example, N01.FR.17, has an '@' in the
 * password): the user info ends at the last '@' of the authority.
 *
 * @param scheme   lower case: http, https, ftp or ftps
 * @param host     host name or IP literal (IPv6 without brackets)
 * @param port     the port, or -1 for the scheme's default
 * @param path     the path as given (percent-encoded), may be empty
 * @param query    the query without '?', or null
 * @param user     decoded user name, or null
 * @param password decoded password, or null
 */
public record TransferLocation(String scheme, String host, int port, String path, String query, String user, String password) {
    public static final Set<String> SCHEMES = Set.of("http", "https", "ftp", "ftps");

    /** Thrown for a location that is not a usable URL; the message holds no secret. */
    public static final class InvalidLocation extends Exception {
        private static final long serialVersionUID = 1L;

        public InvalidLocation(String message) {
            super(message);
        }
    }

    public static TransferLocation parse(String location) throws InvalidLocation {
        String s = location == null ? "" : location.strip();
        int sep = s.indexOf("://");
        if (sep <= 0 || !s.substring(0, sep).matches("[A-Za-z][A-Za-z0-9+.-]*")) {
            throw new InvalidLocation("not a URL");
        }
        String scheme = s.substring(0, sep).toLowerCase(Locale.ROOT);
        if (!SCHEMES.contains(scheme)) {
            throw new InvalidLocation("unsupported protocol " + scheme + " (supported: FTP, FTPS, HTTP, HTTPS)");
        }
        String rest = s.substring(sep + 3);
        int fragment = rest.indexOf('#');
        if (fragment >= 0) {
            rest = rest.substring(0, fragment);
        }
        int end = indexOfAny(rest, "/?");
        String authority = end < 0 ? rest : rest.substring(0, end);
        String pathAndQuery = end < 0 ? "" : rest.substring(end);
        String user = null;
        String password = null;
        int at = authority.lastIndexOf('@');
        if (at >= 0) {
            String userInfo = authority.substring(0, at);
            authority = authority.substring(at + 1);
            int colon = userInfo.indexOf(':');
            user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
            password = colon < 0 ? null : decode(userInfo.substring(colon + 1));
        }
        String host;
        String portText = null;
        if (authority.startsWith("[")) {
            int close = authority.indexOf(']');
            if (close < 0) {
                throw new InvalidLocation("bad IPv6 host");
            }
            host = authority.substring(1, close);
            String after = authority.substring(close + 1);
            if (after.startsWith(":")) {
                portText = after.substring(1);
            } else if (!after.isEmpty()) {
                throw new InvalidLocation("bad host");
            }
        } else {
            int colon = authority.lastIndexOf(':');
            host = colon < 0 ? authority : authority.substring(0, colon);
            portText = colon < 0 ? null : authority.substring(colon + 1);
        }
        if (host.isEmpty() || !host.matches("[A-Za-z0-9._~%:-]+")) {
            throw new InvalidLocation("no valid host");
        }
        int port = -1;
        if (portText != null && !portText.isEmpty()) {
            try {
                port = Integer.parseInt(portText);
            } catch (NumberFormatException e) {
                throw new InvalidLocation("bad port");
            }
            if (port < 1 || port > 65535) {
                throw new InvalidLocation("bad port");
            }
        }
        int q = pathAndQuery.indexOf('?');
        String path = q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
        String query = q < 0 ? null : pathAndQuery.substring(q + 1);
        TransferLocation target = new TransferLocation(scheme, host, port, path, query, user, password);
        if (target.isHttp()) {
            try {
                target.httpUri();
            } catch (IllegalArgumentException e) {
                throw new InvalidLocation("not a valid HTTP URL");
            }
        }
        return target;
    }

    public boolean isHttp() {
        return scheme.startsWith("http");
    }

    public boolean secure() {
        return scheme.equals("https") || scheme.equals("ftps");
    }

    /** The URL for the HTTP request, without user info. */
    public URI httpUri() {
        StringBuilder b = new StringBuilder(scheme).append("://");
        b.append(host.contains(":") ? "[" + host + "]" : host);
        if (port > 0) {
            b.append(':').append(port);
        }
        b.append(path.isEmpty() ? "/" : path);
        if (query != null) {
            b.append('?').append(query);
        }
        try {
            return new URI(b.toString());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("invalid URL");
        }
    }

    /** The FTP directory to store into, decoded; empty for the login directory. */
    public String ftpDirectory() {
        String p = path.startsWith("/") ? path.substring(1) : path;
        return decode(p);
    }

    /** The secrets this target carries, for {@link Redaction#text}. */
    public String[] secrets() {
        return new String[] { password, query };
    }

    /** Location as safe to log: no user info, no query. */
    public String redacted() {
        return scheme + "://" + (user != null ? "***@" : "") + (host.contains(":") ? "[" + host + "]" : host)
                + (port > 0 ? ":" + port : "") + path + (query != null ? "?***" : "");
    }

    @Override
    public String toString() {
        return redacted();
    }

    private static int indexOfAny(String s, String chars) {
        for (int i = 0; i < s.length(); i++) {
            if (chars.indexOf(s.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s; // a lone '%' in a password: take it literally
        }
    }
}
