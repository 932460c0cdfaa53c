package io.galvani.telemetry.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Galvani telemetry", description = "Optional MQTT 5 telemetry to a fleet or OEM broker;"
        + " independent of the CSMS and never in the way of charging")
public @interface TelemetryConfig {

    @AttributeDefinition(description = "Broker URL: mqtt://host[:1883], mqtts://host[:8883] (also tcp:// and ssl://);"
            + " empty = telemetry off")
    String brokerUrl() default "";

    @AttributeDefinition(description = "Station identity: the {stationId} of the topics and the MQTT client id")
    String stationId() default "";

    @AttributeDefinition(description = "User name for the broker; empty = none (anonymous or client certificate)")
    String username() default "";

    /** Maps to the private property {@code .password} (kept out of service properties and logs). */
    @AttributeDefinition(description = "Password for the broker", type = AttributeType.PASSWORD)
    String _password() default "";

    @AttributeDefinition(description = "PEM file with the CA certificate(s) the broker's certificate must chain to;"
            + " empty = the JDK's default CAs")
    String caCertificatePath() default "";

    @AttributeDefinition(description = "PEM file with the client certificate (chain) for mutual TLS; empty = none")
    String clientCertificatePath() default "";

    @AttributeDefinition(description = "PEM file with the client certificate's private key")
    String clientKeyPath() default "";

    @AttributeDefinition(description = "MQTT QoS of published messages: 0 (at most once) or 1 (at least once)",
            min = "0", max = "1")
    int qos() default 1;

    @AttributeDefinition(description = "Milliseconds between meter samples of an EVSE while it charges", min = "100")
    int meterIntervalMillis() default 1000;

    @AttributeDefinition(description = "Seconds between OCPP link statistics (a connection change is published at"
            + " once)", min = "1")
    int linkIntervalSeconds() default 10;

    @AttributeDefinition(description = "Messages the persistent buffer holds while the broker is unreachable; when"
            + " full, the oldest meter samples are dropped first", min = "100")
    int bufferCapacity() default 100000;

    @AttributeDefinition(description = "Events waiting in memory for the telemetry thread; a listener drops (and"
            + " counts) an event when it is full instead of waiting", min = "16")
    int queueCapacity() default 10000;

    @AttributeDefinition(description = "First reconnect delay in seconds; doubled after each failure", min = "1")
    int reconnectMinSeconds() default 1;

    @AttributeDefinition(description = "Longest reconnect delay in seconds", min = "1")
    int reconnectMaxSeconds() default 120;

    @AttributeDefinition(description = "Seconds to wait for the broker to accept a connection", min = "1")
    int connectTimeoutSeconds() default 10;

    @AttributeDefinition(description = "Folder of the buffer file; empty = <galvani.data.dir>/telemetry")
    String bufferDirectory() default "";
}
