package io.galvani.launcher;

import java.io.IOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Turns the documented {@code STATION_*} environment variables into framework properties, and
 * refuses an invalid value with a one-line message naming the variable and what it accepts.
 */
public final class StationEnvironment {
    /** OCPP identifierString, at most 48 characters, no ':' (it is the Basic-auth user name). */
    /** The display bundle's resource bundles (io.galvani.display.internal.Language). */
    private static final Pattern DISPLAY_LANGUAGE = Pattern.compile("en|de");
    private static final Pattern STATION_ID = Pattern.compile("[A-Za-z0-9*\\-_=+|@.]{1,48}");
    /** OCPP passwordString: 16 to 40 characters (OCPP 2.0.1 A00.FR.204: BasicAuthPassword). */
    private static final Pattern PASSWORD = Pattern.compile("[\\x21-\\x7E]{16,40}");
    private static final Pattern VARIANT = Pattern.compile("[a-z0-9][a-z0-9-]{0,40}");
    /** BootNotification chargingStation.serialNumber: string(25); also the CN of the station's certificate. */
    private static final Pattern SERIAL = Pattern.compile("[\\x21-\\x7E]{1,25}");
    /** SecurityCtrlr.OrganizationName: the O of the station's certificate. */
    private static final Pattern ORGANIZATION = Pattern.compile("[\\x20-\\x7E]{1,64}");
    /** The local API's password (only needed off loopback): printable ASCII without blanks. */
    private static final Pattern API_PASSWORD = Pattern.compile("[\\x21-\\x7E]{12,64}");
    /** An IP address literal (v4 dotted quad, or v6 with ':'), so that validating it never asks DNS. */
    private static final Pattern IP_LITERAL = Pattern.compile("[0-9]{1,3}(\\.[0-9]{1,3}){3}|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    /** Thrown for an invalid value; the message is the one line shown to the operator. */
    public static final class InvalidSetting extends RuntimeException {
        private static final long serialVersionUID = 1L;

        InvalidSetting(String variable, String value, String accepted) {
            super(variable + "=" + quote(variable, value) + " is invalid: " + accepted);
        }

        private static String quote(String variable, String value) {
            // Never echo a secret back, not even a wrong one.
            return variable.contains("PASSWORD") ? "(hidden)" : "\"" + value + "\"";
        }
    }

    private final Function<String, String> env;

    public StationEnvironment(Function<String, String> env) {
        this.env = env;
    }

    /**
     * Validates every setting and returns the framework properties they become.
     *
     * @param home the distribution folder (holds conf/ and bundle/)
     * @throws InvalidSetting for the first invalid value
     */
    public Map<String, String> frameworkProperties(Path home) {
        Map<String, String> p = new LinkedHashMap<>();
        String stationId = value("STATION_ID", "GALVANI-0001");
        require(STATION_ID.matcher(stationId).matches(), "STATION_ID", stationId,
                "1 to 48 characters of A-Z a-z 0-9 * - _ = + | @ . (no ':')");
        p.put("galvani.station.id", stationId);

        String csmsUrl = value("STATION_CSMS_URL", "");
        int profile = integer("STATION_SECURITY_PROFILE", 1, 1, 3);
        if (csmsUrl.isEmpty()) {
            require(profile == 1, "STATION_SECURITY_PROFILE", Integer.toString(profile),
                    "1 with the built-in demo CSMS (ws://); set STATION_CSMS_URL to a wss:// CSMS for profiles 2 and 3");
            int demoPort = integer("STATION_DEMO_CSMS_PORT", 9000, 1, 65535);
            p.put("galvani.csms.url", "ws://127.0.0.1:" + demoPort + "/ocpp");
            p.put("galvani.csms.demo", "true");
            p.put("galvani.csms.demo.port", Integer.toString(demoPort));
        } else {
            checkCsmsUrl(csmsUrl, profile);
            p.put("galvani.csms.url", csmsUrl.endsWith("/") ? csmsUrl.substring(0, csmsUrl.length() - 1) : csmsUrl);
            p.put("galvani.csms.demo", "false");
        }
        p.put("galvani.security.profile", Integer.toString(profile));

        String password = value("STATION_BASIC_AUTH_PASSWORD", "");
        require(password.isEmpty() || PASSWORD.matcher(password).matches(), "STATION_BASIC_AUTH_PASSWORD", password,
                "16 to 40 printable ASCII characters");
        p.put("galvani.basic.auth.password", password);

        String serial = value("STATION_SERIAL_NUMBER", "");
        require(serial.isEmpty() || SERIAL.matcher(serial).matches(), "STATION_SERIAL_NUMBER", serial,
                "1 to 25 printable ASCII characters without spaces (BootNotification serialNumber)");
        if (!serial.isEmpty()) {
            p.put("galvani.serial.number", serial);
        }
        String organization = value("STATION_ORGANIZATION_NAME", "");
        require(organization.isEmpty() || ORGANIZATION.matcher(organization).matches(), "STATION_ORGANIZATION_NAME",
                organization, "1 to 64 printable ASCII characters (SecurityCtrlr.OrganizationName)");
        if (!organization.isEmpty()) {
            p.put("galvani.organization.name", organization);
        }

        p.put("galvani.csms.root.cert", pemPath("STATION_CSMS_ROOT_CERT"));
        String clientCert = pemPath("STATION_CLIENT_CERT");
        String clientKey = pemPath("STATION_CLIENT_KEY");
        require(clientCert.isEmpty() == clientKey.isEmpty(), clientCert.isEmpty() ? "STATION_CLIENT_CERT"
                : "STATION_CLIENT_KEY", "", "set together with " + (clientCert.isEmpty() ? "STATION_CLIENT_KEY"
                        : "STATION_CLIENT_CERT") + " (the station certificate and its private key)");
        p.put("galvani.client.cert", clientCert);
        p.put("galvani.client.key", clientKey);

        Path dataDir = Path.of(value("STATION_DATA_DIR", "./galvani-data")).toAbsolutePath().normalize();
        require(!Files.exists(dataDir) || Files.isDirectory(dataDir) && Files.isWritable(dataDir), "STATION_DATA_DIR",
                dataDir.toString(), "a writable directory (created if missing)");
        p.put("galvani.data.dir", dataDir.toString());

        p.put("galvani.api.port", Integer.toString(integer("STATION_API_PORT", 8080, 1, 65535)));
        String language = value("STATION_DISPLAY_LANGUAGE", "en");
        require(DISPLAY_LANGUAGE.matcher(language).matches(), "STATION_DISPLAY_LANGUAGE", language,
                "en or de (the languages the screen texts exist in)");
        p.put("galvani.display.language", language);
        apiAccess(p, dataDir);

        mqtt(p, stationId);

        String shell = value("STATION_SHELL", "false");
        require(shell.equals("true") || shell.equals("false"), "STATION_SHELL", shell, "true or false");
        // Gogo reads gosh.args: interactive only when an operator asks for the console.
        p.put("gosh.args", shell.equals("true") ? "" : "--nointeractive");

        String variant = value("STATION_VARIANT", "reference-dc480");
        Path variantFile = home.resolve("conf/variants/" + variant + ".json");
        require(VARIANT.matcher(variant).matches() && Files.isRegularFile(variantFile), "STATION_VARIANT", variant,
                "one of " + Variants.list(home.resolve("conf/variants")));
        String bound = DataDir.variant(dataDir);
        require(bound == null || bound.equals(variant), "STATION_VARIANT", variant, bound
                + ", the variant this data dir was set up for (a station does not change its hardware; use another"
                + " STATION_DATA_DIR for another variant)");
        p.put("galvani.variant", variant);
        p.put("galvani.variant.file", variantFile.toAbsolutePath().normalize().toString());
        return p;
    }

    /**
     * {@code STATION_API_HOST} and {@code STATION_API_PASSWORD}: the address the local API binds, and the password
     * it asks for when that is not loopback. The password is stored here as a salted hash ({@link ApiPassword});
     * it never becomes a framework property. Off loopback without a password (neither set nor stored before)
     * the station would refuse every request: refused here instead.
     */
    private void apiAccess(Map<String, String> p, Path dataDir) {
        String host = value("STATION_API_HOST", "127.0.0.1");
        InetAddress address = localAddress(host);
        p.put("galvani.api.host", host);

        String password = value("STATION_API_PASSWORD", "");
        require(password.isEmpty() || API_PASSWORD.matcher(password).matches(), "STATION_API_PASSWORD", password,
                "12 to 64 printable ASCII characters without blanks");
        if (!password.isEmpty()) {
            try {
                ApiPassword.store(dataDir, password);
            } catch (IOException e) {
                throw new InvalidSetting("STATION_DATA_DIR", dataDir.toString(),
                        "a writable directory (the API password hash cannot be stored: " + e.getMessage() + ")");
            }
        } else if (!address.isLoopbackAddress() && !ApiPassword.stored(dataDir)) {
            throw new InvalidSetting("STATION_API_PASSWORD", "", "required with STATION_API_HOST=" + host
                    + " (not loopback): 12 to 64 printable ASCII characters without blanks (kept only as a salted "
                    + "hash in the data dir, so later starts need it only to change it)");
        }
    }

    private static InetAddress localAddress(String host) {
        String accepted = "an IP address of this station to listen on: 127.0.0.1 (default, this station only), "
                + "0.0.0.0 or :: (every interface) or the address of one interface";
        require(IP_LITERAL.matcher(host).matches(), "STATION_API_HOST", host, accepted);
        try {
            InetAddress address = InetAddress.getByName(host);
            require(address.isAnyLocalAddress() || address.isLoopbackAddress()
                    || NetworkInterface.getByInetAddress(address) != null, "STATION_API_HOST", host, accepted);
            return address;
        } catch (IOException e) {
            throw new InvalidSetting("STATION_API_HOST", host, accepted);
        }
    }

    /** Optional MQTT telemetry (io.galvani.telemetry): off without STATION_MQTT_URL, every other MQTT value ignored. */
    private void mqtt(Map<String, String> p, String stationId) {
        String url = value("STATION_MQTT_URL", "");
        if (url.isEmpty()) {
            return;
        }
        String accepted = "an mqtt:// or mqtts:// URL (also tcp://, ssl://) with host and optional port, e.g."
                + " mqtts://broker.example.com:8883, no user info, path or query";
        URI uri;
        try {
            uri = new URI(url);
        } catch (Exception e) {
            throw new InvalidSetting("STATION_MQTT_URL", url, accepted);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase();
        boolean tls = scheme.equals("mqtts") || scheme.equals("ssl");
        require(uri.getUserInfo() == null, "STATION_MQTT_URL", "(hidden)", accepted);
        require(uri.getHost() != null && (tls || scheme.equals("mqtt") || scheme.equals("tcp"))
                && uri.getQuery() == null && (uri.getPath() == null || uri.getPath().isEmpty()
                        || uri.getPath().equals("/")), "STATION_MQTT_URL", url, accepted);
        require(stationId.indexOf('+') < 0, "STATION_ID", stationId,
                "no '+' with STATION_MQTT_URL set (an MQTT wildcard cannot be part of a topic)");
        p.put("galvani.mqtt.url", url);

        String username = value("STATION_MQTT_USERNAME", "");
        String password = value("STATION_MQTT_PASSWORD", "");
        require(password.isEmpty() || !username.isEmpty(), "STATION_MQTT_USERNAME", "",
                "set when STATION_MQTT_PASSWORD is set");
        p.put("galvani.mqtt.username", username);
        p.put("galvani.mqtt.password", password);

        String ca = pemPath("STATION_MQTT_CA_CERT");
        String cert = pemPath("STATION_MQTT_CLIENT_CERT");
        String key = pemPath("STATION_MQTT_CLIENT_KEY");
        require(cert.isEmpty() == key.isEmpty(), cert.isEmpty() ? "STATION_MQTT_CLIENT_CERT" : "STATION_MQTT_CLIENT_KEY",
                "", "set together with " + (cert.isEmpty() ? "STATION_MQTT_CLIENT_KEY" : "STATION_MQTT_CLIENT_CERT"));
        require(tls || ca.isEmpty() && cert.isEmpty(), "STATION_MQTT_URL", url,
                "an mqtts:// URL when STATION_MQTT_CA_CERT or STATION_MQTT_CLIENT_CERT is set");
        p.put("galvani.mqtt.ca.cert", ca);
        p.put("galvani.mqtt.client.cert", cert);
        p.put("galvani.mqtt.client.key", key);
        p.put("galvani.mqtt.qos", Integer.toString(integer("STATION_MQTT_QOS", 1, 0, 1)));
        p.put("galvani.mqtt.meter.interval.ms",
                Integer.toString(integer("STATION_MQTT_METER_INTERVAL_MS", 1000, 100, 3_600_000)));
        p.put("galvani.mqtt.buffer.capacity",
                Integer.toString(integer("STATION_MQTT_BUFFER_SIZE", 100_000, 100, 10_000_000)));
    }

    private void checkCsmsUrl(String url, int profile) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (Exception e) {
            throw new InvalidSetting("STATION_CSMS_URL", url, "a ws:// or wss:// URL, e.g. ws://csms.example.com/ocpp");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme();
        require(uri.getHost() != null && (scheme.equals("ws") || scheme.equals("wss")), "STATION_CSMS_URL", url,
                "a ws:// or wss:// URL, e.g. ws://csms.example.com/ocpp");
        require(uri.getQuery() == null && uri.getFragment() == null, "STATION_CSMS_URL", url,
                "a URL without query or fragment (the station appends /<STATION_ID>)");
        require(profile == 1 ? scheme.equals("ws") : scheme.equals("wss"), "STATION_CSMS_URL", url,
                profile == 1 ? "a ws:// URL with security profile 1 (use STATION_SECURITY_PROFILE=2 or 3 for wss://)"
                        : "a wss:// URL with security profile " + profile);
    }

    private String pemPath(String variable) {
        String path = value(variable, "");
        require(path.isEmpty() || Files.isReadable(Path.of(path)), variable, path, "the path of a readable PEM file");
        return path.isEmpty() ? "" : Path.of(path).toAbsolutePath().normalize().toString();
    }

    private int integer(String variable, int defaultValue, int min, int max) {
        String raw = value(variable, Integer.toString(defaultValue));
        try {
            int v = Integer.parseInt(raw);
            if (v >= min && v <= max) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new InvalidSetting(variable, raw, "an integer from " + min + " to " + max);
    }

    private String value(String variable, String defaultValue) {
        String v = env.apply(variable);
        return v == null || v.isBlank() ? defaultValue : v.trim();
    }

    private static void require(boolean ok, String variable, String value, String accepted) {
        if (!ok) {
            throw new InvalidSetting(variable, value, accepted);
        }
    }
}
