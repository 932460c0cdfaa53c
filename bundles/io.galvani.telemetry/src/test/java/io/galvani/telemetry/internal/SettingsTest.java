package io.galvani.telemetry.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.annotation.Annotation;

import org.junit.jupiter.api.Test;

class SettingsTest {

    @Test
    void mqttUrlBecomesPahoTcpWithDefaultPort() {
        Settings s = Settings.parse(config("mqtt://broker.example.com", "", ""));
        assertThat(s.serverUri()).isEqualTo("tcp://broker.example.com:1883");
        assertThat(s.tls()).isFalse();
        assertThat(Settings.parse(config("mqtts://b:9999", "", "")).serverUri()).isEqualTo("ssl://b:9999");
        assertThat(Settings.parse(config("mqtts://b", "", "")).serverUri()).isEqualTo("ssl://b:8883");
    }

    @Test
    void badUrlsAreRefusedNamingTheProperty() {
        assertThatThrownBy(() -> Settings.parse(config("http://b", "", ""))).hasMessageStartingWith("brokerUrl=\"http://b\"")
                .hasMessageContaining("mqtt://");
        assertThatThrownBy(() -> Settings.parse(config("not a url", "", ""))).hasMessageStartingWith("brokerUrl=");
        assertThatThrownBy(() -> Settings.parse(config("mqtt://user:secret@b", "", "")))
                .hasMessageNotContaining("secret").hasMessageContaining("(hidden)");
        assertThatThrownBy(() -> Settings.parse(config("mqtt://b/path", "", ""))).hasMessageContaining("path");
    }

    @Test
    void thePasswordIsNeverShown() {
        Settings s = Settings.parse(config("mqtt://b", "user", "s3cr3t-password"));
        assertThat(s.toString()).doesNotContain("s3cr3t").contains("password=(set)");
        assertThatThrownBy(() -> Settings.parse(config("mqtt://b", "", "s3cr3t-password")))
                .hasMessageStartingWith("username=").hasMessageNotContaining("s3cr3t");
    }

    @Test
    void certificatesNeedTls() {
        assertThatThrownBy(() -> Settings.parse(new Config("mqtt://b", "ST-1", "", "", "/etc/hostname", "", "", 1)))
                .hasMessageContaining("mqtts://");
        assertThatThrownBy(() -> Settings.parse(new Config("mqtts://b", "ST-1", "", "", "/nonexistent.pem", "", "", 1)))
                .hasMessageStartingWith("caCertificatePath=\"/nonexistent.pem\"");
        assertThatThrownBy(() -> Settings.parse(new Config("mqtts://b", "ST-1", "", "", "", "/etc/hostname", "", 1)))
                .hasMessageStartingWith("clientKeyPath=");
    }

    @Test
    void qosAndStationIdAreChecked() {
        assertThatThrownBy(() -> Settings.parse(new Config("mqtt://b", "ST-1", "", "", "", "", "", 2)))
                .hasMessageStartingWith("qos=\"2\"");
        assertThatThrownBy(() -> Settings.parse(new Config("mqtt://b", "a/b", "", "", "", "", "", 1)))
                .hasMessageStartingWith("stationId=\"a/b\"");
        assertThatThrownBy(() -> Settings.parse(new Config("mqtt://b", "a#", "", "", "", "", "", 1)))
                .hasMessageStartingWith("stationId=");
    }

    @Test
    void withoutUrlTelemetryIsOff() {
        assertThat(Settings.enabled(config("", "", ""))).isFalse();
        assertThat(Settings.enabled(config("mqtt://b", "", ""))).isTrue();
    }

    static TelemetryConfig config(String url, String user, String password) {
        return new Config(url, "ST-1", user, password, "", "", "", 1);
    }

    /** A hand-made configuration, as Config Admin would deliver it. */
    record Config(String brokerUrl, String stationId, String username, String _password, String caCertificatePath,
            String clientCertificatePath, String clientKeyPath, int qos) implements TelemetryConfig {
        @Override
        public int meterIntervalMillis() {
            return 1000;
        }

        @Override
        public int linkIntervalSeconds() {
            return 10;
        }

        @Override
        public int bufferCapacity() {
            return 1000;
        }

        @Override
        public int queueCapacity() {
            return 100;
        }

        @Override
        public int reconnectMinSeconds() {
            return 1;
        }

        @Override
        public int reconnectMaxSeconds() {
            return 4;
        }

        @Override
        public int connectTimeoutSeconds() {
            return 5;
        }

        @Override
        public String bufferDirectory() {
            return "";
        }

        @Override
        public Class<? extends Annotation> annotationType() {
            return TelemetryConfig.class;
        }
    }
}
