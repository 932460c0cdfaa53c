package io.galvani.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StationEnvironmentTest {
    @TempDir
    Path home;
    private final Map<String, String> env = new HashMap<>();

    @BeforeEach
    void variants() throws IOException {
        Files.createDirectories(home.resolve("conf/variants"));
        Files.writeString(home.resolve("conf/variants/reference-dc480.json"), "{}");
        Files.writeString(home.resolve("conf/variants/dual-dc480-shared.json"), "{}");
        env.put("STATION_DATA_DIR", home.resolve("data").toString());
    }

    private Map<String, String> properties() {
        return new StationEnvironment(env::get).frameworkProperties(home);
    }

    @Test
    void defaultsStartTheDemoCsmsOnLoopback() {
        Map<String, String> p = properties();
        assertThat(p).containsEntry("galvani.station.id", "GALVANI-0001")
                .containsEntry("galvani.csms.url", "ws://127.0.0.1:9000/ocpp")
                .containsEntry("galvani.csms.demo", "true")
                .containsEntry("galvani.security.profile", "1")
                .containsEntry("galvani.api.port", "8080")
                .containsEntry("galvani.variant", "reference-dc480")
                .containsEntry("gosh.args", "--nointeractive");
    }

    @Test
    void csmsUrlDisablesTheDemoAndDropsATrailingSlash() {
        env.put("STATION_CSMS_URL", "ws://csms.example.com/ocpp/");
        assertThat(properties()).containsEntry("galvani.csms.url", "ws://csms.example.com/ocpp")
                .containsEntry("galvani.csms.demo", "false");
    }

    @Test
    void invalidValuesNameTheVariableAndWhatIsAccepted() {
        assertInvalid("STATION_API_PORT", "eighty", "STATION_API_PORT=\"eighty\" is invalid: an integer from 1 to 65535");
        assertInvalid("STATION_API_PORT", "70000", "an integer from 1 to 65535");
        assertInvalid("STATION_ID", "bad:id", "STATION_ID=\"bad:id\" is invalid: 1 to 48 characters");
        assertInvalid("STATION_ID", "x".repeat(49), "1 to 48 characters");
        assertInvalid("STATION_CSMS_URL", "http://csms", "a ws:// or wss:// URL");
        assertInvalid("STATION_CSMS_URL", "wss://csms.example.com/ocpp", "a ws:// URL with security profile 1");
        assertInvalid("STATION_SECURITY_PROFILE", "4", "an integer from 1 to 3");
        assertInvalid("STATION_SECURITY_PROFILE", "2", "1 with the built-in demo CSMS");
        assertInvalid("STATION_VARIANT", "nope", "one of dual-dc480-shared, reference-dc480");
        assertInvalid("STATION_CSMS_ROOT_CERT", "/no/such.pem", "the path of a readable PEM file");
        assertInvalid("STATION_SHELL", "yes", "true or false");
        assertInvalid("STATION_SERIAL_NUMBER", "has space", "1 to 25 printable ASCII characters");
        assertInvalid("STATION_SERIAL_NUMBER", "x".repeat(26), "1 to 25 printable ASCII characters");
        assertInvalid("STATION_DISPLAY_LANGUAGE", "fr", "STATION_DISPLAY_LANGUAGE=\"fr\" is invalid: en or de");
    }

    @Test
    void displayLanguage_englishByDefault_germanOnRequest() {
        assertThat(properties()).containsEntry("galvani.display.language", "en");
        env.put("STATION_DISPLAY_LANGUAGE", "de");
        assertThat(properties()).containsEntry("galvani.display.language", "de");
    }

    @Test
    void profiles2And3_needWss_andTheStationCertificateComesWithItsKey() throws IOException {
        Path cert = Files.writeString(home.resolve("station.pem"), "-----BEGIN CERTIFICATE-----");
        Path key = Files.writeString(home.resolve("station.key"), "-----BEGIN PRIVATE KEY-----");
        env.put("STATION_CSMS_URL", "wss://csms.example.com/ocpp");
        env.put("STATION_SECURITY_PROFILE", "3");
        env.put("STATION_CLIENT_CERT", cert.toString());
        env.put("STATION_CLIENT_KEY", key.toString());
        assertThat(properties()).containsEntry("galvani.security.profile", "3")
                .containsEntry("galvani.client.cert", cert.toAbsolutePath().normalize().toString())
                .containsEntry("galvani.client.key", key.toAbsolutePath().normalize().toString());

        env.remove("STATION_CLIENT_KEY");
        assertInvalid("STATION_CLIENT_KEY", "", "set together with STATION_CLIENT_CERT");
        env.put("STATION_SECURITY_PROFILE", "2");
        assertInvalid("STATION_CSMS_URL", "ws://csms.example.com/ocpp", "a wss:// URL with security profile 2");
    }

    @Test
    void serialNumberAndOrganization_becomeTheProperties_thatProvisioningAndTheCertificatesRead() {
        env.put("STATION_SERIAL_NUMBER", "DC480-2026-0042");
        env.put("STATION_ORGANIZATION_NAME", "Example Charging Ltd");
        assertThat(properties()).containsEntry("galvani.serial.number", "DC480-2026-0042")
                .containsEntry("galvani.organization.name", "Example Charging Ltd");
    }

    @Test
    void aWrongPasswordIsNeverEchoed() {
        env.put("STATION_BASIC_AUTH_PASSWORD", "short-secret");
        assertThatThrownBy(this::properties).hasMessage(
                "STATION_BASIC_AUTH_PASSWORD=(hidden) is invalid: 16 to 40 printable ASCII characters")
                .hasMessageNotContaining("short-secret");
    }

    @Test
    void aDataDirThatIsAFileIsRefused() throws IOException {
        Path file = Files.writeString(home.resolve("afile"), "x");
        assertInvalid("STATION_DATA_DIR", file.toString(), "a writable directory");
    }

    @Test
    void apiHost_defaultsToLoopback_withoutPassword() {
        assertThat(properties()).containsEntry("galvani.api.host", "127.0.0.1")
                .doesNotContainKey("galvani.api.password");
        assertThat(home.resolve("data").resolve(ApiPassword.FILE)).doesNotExist();
    }

    @Test
    void apiHost_mustBeAnAddressOfThisStation() {
        String accepted = "an IP address of this station to listen on";
        assertInvalid("STATION_API_HOST", "station.example.com", accepted);
        assertInvalid("STATION_API_HOST", "300.1.2.3", accepted);
        assertInvalid("STATION_API_HOST", "192.0.2.1", accepted); // TEST-NET-1: on no interface here
        env.put("STATION_API_PASSWORD", "correct-horse-42");
        env.put("STATION_API_HOST", "::");
        assertThat(properties()).containsEntry("galvani.api.host", "::");
    }

    @Test
    void offLoopback_withoutAnyPassword_isRefusedNamingTheVariable() {
        env.put("STATION_API_HOST", "0.0.0.0");
        assertThatThrownBy(this::properties).hasMessageStartingWith("STATION_API_PASSWORD=(hidden) is invalid: "
                + "required with STATION_API_HOST=0.0.0.0 (not loopback)");
    }

    @Test
    void apiPassword_isStoredOnlyAsSaltedHash_ownerOnly_andKeptForLaterStarts() throws IOException {
        env.put("STATION_API_HOST", "0.0.0.0");
        env.put("STATION_API_PASSWORD", "correct-horse-42");
        Map<String, String> p = properties();
        assertThat(p.values()).noneMatch(v -> v.contains("correct-horse-42"));
        Path file = home.resolve("data").resolve(ApiPassword.FILE);
        String stored = Files.readString(file);
        assertThat(stored).startsWith("pbkdf2-sha256:" + ApiPassword.ITERATIONS + ":").doesNotContain("correct-horse");
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");

        properties(); // same password again: file unchanged (same salt)
        assertThat(Files.readString(file)).isEqualTo(stored);
        env.remove("STATION_API_PASSWORD"); // a restart without the variable still has a password
        assertThat(properties()).containsEntry("galvani.api.host", "0.0.0.0");

        env.put("STATION_API_PASSWORD", "another-secret-7");
        properties();
        assertThat(Files.readString(file)).isNotEqualTo(stored);
    }

    @Test
    void apiPassword_outsideItsRange_isRefused_neverEchoed() {
        for (String bad : new String[] { "short-pw-11", "x".repeat(65), "with blank inside" }) {
            env.put("STATION_API_PASSWORD", bad);
            assertThatThrownBy(this::properties).hasMessage(
                    "STATION_API_PASSWORD=(hidden) is invalid: 12 to 64 printable ASCII characters without blanks");
        }
    }

    private void assertInvalid(String variable, String value, String expected) {
        env.put(variable, value);
        try {
            assertThatThrownBy(this::properties).isInstanceOf(StationEnvironment.InvalidSetting.class)
                    .hasMessageContaining(expected).hasMessageStartingWith(variable + "=")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        } finally {
            env.remove(variable);
        }
    }

    @Test
    void withoutMqttUrlTelemetryStaysOff() {
        env.put("STATION_MQTT_USERNAME", "ignored");
        assertThat(properties()).doesNotContainKey("galvani.mqtt.url").doesNotContainKey("galvani.mqtt.username");
    }

    @Test
    void mqttSettingsBecomeFrameworkProperties() {
        env.put("STATION_MQTT_URL", "mqtts://broker.example.com:8883");
        env.put("STATION_MQTT_USERNAME", "fleet");
        env.put("STATION_MQTT_PASSWORD", "secret-1");
        env.put("STATION_MQTT_METER_INTERVAL_MS", "500");
        assertThat(properties()).containsEntry("galvani.mqtt.url", "mqtts://broker.example.com:8883")
                .containsEntry("galvani.mqtt.username", "fleet").containsEntry("galvani.mqtt.password", "secret-1")
                .containsEntry("galvani.mqtt.qos", "1").containsEntry("galvani.mqtt.meter.interval.ms", "500")
                .containsEntry("galvani.mqtt.buffer.capacity", "100000");
    }

    @Test
    void invalidMqttValuesNameTheVariable() throws IOException {
        env.put("STATION_MQTT_URL", "http://broker");
        assertInvalid("STATION_MQTT_URL", "http://broker", "STATION_MQTT_URL=\"http://broker\" is invalid: an mqtt://");
        assertInvalid("STATION_MQTT_URL", "mqtt://broker/path", "no user info, path or query");
        env.put("STATION_MQTT_URL", "mqtt://user:pw@broker");
        assertThatThrownBy(this::properties).hasMessageStartingWith("STATION_MQTT_URL=\"(hidden)\"");
        env.put("STATION_MQTT_URL", "mqtt://broker");
        assertInvalid("STATION_MQTT_QOS", "2", "STATION_MQTT_QOS=\"2\" is invalid: an integer from 0 to 1");
        env.remove("STATION_MQTT_QOS");
        assertInvalid("STATION_MQTT_METER_INTERVAL_MS", "10", "an integer from 100 to 3600000");
        env.remove("STATION_MQTT_METER_INTERVAL_MS");
        env.put("STATION_MQTT_PASSWORD", "pw-only");
        assertThatThrownBy(this::properties).hasMessageStartingWith("STATION_MQTT_USERNAME=").hasMessageNotContaining("pw-only");
        env.remove("STATION_MQTT_PASSWORD");
        Path pem = Files.writeString(home.resolve("ca.pem"), "-----BEGIN CERTIFICATE-----");
        env.put("STATION_MQTT_CA_CERT", pem.toString());
        assertThatThrownBy(this::properties).hasMessageContaining("an mqtts:// URL when STATION_MQTT_CA_CERT");
        env.remove("STATION_MQTT_CA_CERT");
        env.put("STATION_MQTT_CLIENT_CERT", pem.toString());
        assertThatThrownBy(this::properties).hasMessageStartingWith("STATION_MQTT_CLIENT_KEY=");
        env.remove("STATION_MQTT_CLIENT_CERT");
        env.put("STATION_ID", "a+b");
        assertThatThrownBy(this::properties).hasMessageStartingWith("STATION_ID=\"a+b\"").hasMessageContaining("MQTT");
    }
}
