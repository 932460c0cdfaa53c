package io.galvani.telemetry.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * The checked configuration. {@link #parse} refuses a bad value with a message that names the property and what it
 * accepts; the password is never part of a message or of {@link #toString()}.
 *
 * @param serverUri   the broker in Paho's form (tcp:// or ssl://)
 * @param displayUri  the broker as configured, for log lines (no credentials: user info is refused)
 */
record Settings(String serverUri, String displayUri, boolean tls, String stationId, String username, char[] password,
        Path caCertificate, Path clientCertificate, Path clientKey, int qos, Duration meterInterval,
        Duration linkInterval, int bufferCapacity, int queueCapacity, Duration reconnectMin, Duration reconnectMax,
        Duration connectTimeout) {

    /** MQTT topic levels must not hold wildcards or separators; OCPP identities are safe except these. */
    private static final Pattern STATION_ID = Pattern.compile("[A-Za-z0-9*\\-_=|@.]{1,48}");

    /** Thrown for a bad value; the message is the one line the operator sees. */
    static final class InvalidSettingException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        InvalidSettingException(String property, String value, String accepted) {
            super(property + "=\"" + value + "\" is invalid: " + accepted);
        }
    }

    /** Whether telemetry is wanted at all: without a broker URL the bundle stays idle. */
    static boolean enabled(TelemetryConfig c) {
        return !c.brokerUrl().isBlank();
    }

    static Settings parse(TelemetryConfig c) {
        String url = c.brokerUrl().trim();
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new InvalidSettingException("brokerUrl", url, "a URL such as mqtt://broker.example.com:1883");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase();
        boolean tls = switch (scheme) {
            case "mqtt", "tcp" -> false;
            case "mqtts", "ssl" -> true;
            default -> throw new InvalidSettingException("brokerUrl", url,
                    "scheme mqtt://, mqtts://, tcp:// or ssl://");
        };
        if (uri.getHost() == null || uri.getUserInfo() != null || uri.getQuery() != null
                || (uri.getPath() != null && !uri.getPath().isEmpty() && !uri.getPath().equals("/"))) {
            throw new InvalidSettingException("brokerUrl", uri.getUserInfo() == null ? url : "(hidden)",
                    "scheme://host[:port] without user info, path or query (credentials go into username/password)");
        }
        int port = uri.getPort() > 0 ? uri.getPort() : tls ? 8883 : 1883;
        String host = uri.getHost();
        String serverUri = (tls ? "ssl://" : "tcp://") + host + ":" + port;

        String stationId = c.stationId().trim();
        if (!STATION_ID.matcher(stationId).matches()) {
            throw new InvalidSettingException("stationId", stationId,
                    "1 to 48 characters of A-Z a-z 0-9 * - _ = | @ . (no MQTT wildcards or separators)");
        }
        if (c.qos() < 0 || c.qos() > 1) {
            throw new InvalidSettingException("qos", Integer.toString(c.qos()), "0 or 1");
        }
        Path ca = optionalFile("caCertificatePath", c.caCertificatePath());
        Path cert = optionalFile("clientCertificatePath", c.clientCertificatePath());
        Path key = optionalFile("clientKeyPath", c.clientKeyPath());
        if ((cert == null) != (key == null)) {
            throw new InvalidSettingException(cert == null ? "clientCertificatePath" : "clientKeyPath", "",
                    "set together with " + (cert == null ? "clientKeyPath" : "clientCertificatePath"));
        }
        if (!tls && (ca != null || cert != null)) {
            throw new InvalidSettingException("brokerUrl", url,
                    "an mqtts:// (TLS) URL when a CA or client certificate is configured");
        }
        String username = c.username().trim();
        String password = c._password();
        if (username.isEmpty() && !password.isEmpty()) {
            throw new InvalidSettingException("username", "", "set when a password is configured");
        }
        min("meterIntervalMillis", c.meterIntervalMillis(), 100);
        min("linkIntervalSeconds", c.linkIntervalSeconds(), 1);
        min("bufferCapacity", c.bufferCapacity(), 100);
        min("queueCapacity", c.queueCapacity(), 16);
        min("reconnectMinSeconds", c.reconnectMinSeconds(), 1);
        min("reconnectMaxSeconds", c.reconnectMaxSeconds(), c.reconnectMinSeconds());
        min("connectTimeoutSeconds", c.connectTimeoutSeconds(), 1);
        return new Settings(serverUri, url, tls, stationId, username.isEmpty() ? null : username,
                password.isEmpty() ? null : password.toCharArray(), ca, cert, key, c.qos(),
                Duration.ofMillis(c.meterIntervalMillis()), Duration.ofSeconds(c.linkIntervalSeconds()),
                c.bufferCapacity(), c.queueCapacity(), Duration.ofSeconds(c.reconnectMinSeconds()),
                Duration.ofSeconds(c.reconnectMaxSeconds()), Duration.ofSeconds(c.connectTimeoutSeconds()));
    }

    private static Path optionalFile(String property, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        Path p = Path.of(value.trim());
        if (!Files.isReadable(p)) {
            throw new InvalidSettingException(property, value, "the path of a readable PEM file");
        }
        return p;
    }

    private static void min(String property, int value, int min) {
        if (value < min) {
            throw new InvalidSettingException(property, Integer.toString(value), "at least " + min);
        }
    }

    @Override
    public String toString() {
        return "Settings[broker=" + displayUri + ", stationId=" + stationId + ", username=" + username + ", password="
                + (password == null ? "none" : "(set)") + ", clientCertificate=" + clientCertificate + ", qos=" + qos
                + ", meterInterval=" + meterInterval + "]";
    }
}
