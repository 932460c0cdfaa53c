package io.galvani.telemetry.internal;

import java.lang.annotation.Annotation;
import java.nio.file.Path;

/** Telemetry configurations for tests: a builder over {@link TelemetryConfig}. */
final class Configs implements TelemetryConfig {
    String brokerUrl;
    String stationId = "ST-1";
    String username = "";
    String password = "";
    String ca = "";
    String cert = "";
    String key = "";
    int qos = 1;
    int meterIntervalMillis = 200;
    int linkIntervalSeconds = 1;
    int bufferCapacity = 10000;
    int queueCapacity = 1000;

    Configs(String brokerUrl) {
        this.brokerUrl = brokerUrl;
    }

    Configs user(String name, String secret) {
        this.username = name;
        this.password = secret;
        return this;
    }

    Configs tls(Path caFile, Path certFile, Path keyFile) {
        this.ca = caFile.toString();
        this.cert = certFile == null ? "" : certFile.toString();
        this.key = keyFile == null ? "" : keyFile.toString();
        return this;
    }

    @Override
    public String brokerUrl() {
        return brokerUrl;
    }

    @Override
    public String stationId() {
        return stationId;
    }

    @Override
    public String username() {
        return username;
    }

    @Override
    public String _password() {
        return password;
    }

    @Override
    public String caCertificatePath() {
        return ca;
    }

    @Override
    public String clientCertificatePath() {
        return cert;
    }

    @Override
    public String clientKeyPath() {
        return key;
    }

    @Override
    public int qos() {
        return qos;
    }

    @Override
    public int meterIntervalMillis() {
        return meterIntervalMillis;
    }

    @Override
    public int linkIntervalSeconds() {
        return linkIntervalSeconds;
    }

    @Override
    public int bufferCapacity() {
        return bufferCapacity;
    }

    @Override
    public int queueCapacity() {
        return queueCapacity;
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
