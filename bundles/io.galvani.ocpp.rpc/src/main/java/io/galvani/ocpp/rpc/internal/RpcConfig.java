package io.galvani.ocpp.rpc.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Configuration of the OCPP-J transport, PID {@value OcppRpcLink#PID}. The attribute names are the
 * contract with the distribution's Configurator JSON.
 */
@ObjectClassDefinition(name = "Galvani OCPP-J transport",
        description = "WebSocket connection of the Charging Station to its CSMS (OCPP 2.0.1 Part 4)")
public @interface RpcConfig {

    @AttributeDefinition(description = "CSMS OCPP-J endpoint, e.g. ws://127.0.0.1:9000/ocpp; the station connects to"
            + " csmsUrl + \"/\" + percent-encoded stationId")
    String csmsUrl();

    @AttributeDefinition(description = "Charging Station identity (max 48 characters, no ':'); also the Basic-auth user")
    String stationId() default "GALVANI-0001";

    @AttributeDefinition(description = "OCPP security profile of slot 1 when built from csmsUrl: 1 = Basic auth over"
            + " ws://, 2 = TLS (the CSMS certificate checked against the installed CSMSRootCertificates) + Basic auth,"
            + " 3 = TLS with the station's certificate", min = "1", max = "3")
    int securityProfile() default 1;

    @AttributeDefinition(description = "SecurityCtrlr.AllowCSMSTLSWildcards: accept a CSMS TLS certificate that names the"
            + " host only through a wildcard (not OCPP-compliant; errata 2025-02)")
    boolean allowCsmsTlsWildcards() default false;

    @AttributeDefinition(type = AttributeType.PASSWORD, required = false,
            description = "BasicAuthPassword; empty = no Authorization header. The leading '.' of the property "
                    + "name (.basicAuthPassword) keeps Declarative Services from publishing it as a service property")
    String _basicAuthPassword() default "";

    @AttributeDefinition(description = "Seconds to wait for a CALLRESULT/CALLERROR (OCPPCommCtrlr.MessageTimeout)", min = "1")
    int messageTimeoutSeconds() default 30;

    @AttributeDefinition(description = "Seconds between WebSocket pings; 0 disables client pings"
            + " (OCPPCommCtrlr.WebSocketPingInterval)", min = "0")
    int webSocketPingIntervalSeconds() default 30;

    @AttributeDefinition(description = "OCPPCommCtrlr.RetryBackOffWaitMinimum in seconds", min = "0")
    int retryBackOffWaitMinimumSeconds() default 3;

    @AttributeDefinition(description = "OCPPCommCtrlr.RetryBackOffRandomRange in seconds", min = "0")
    int retryBackOffRandomRangeSeconds() default 10;

    @AttributeDefinition(description = "OCPPCommCtrlr.RetryBackOffRepeatTimes: how often the back-off is doubled", min = "0")
    int retryBackOffRepeatTimes() default 5;

    @AttributeDefinition(description = "Number of NetworkConnectionProfile configuration slots, numbered 1.."
            + "n (the valuesList of OCPPCommCtrlr.NetworkConfigurationPriority; OCPP requires at least 2). Slot n's"
            + " profile is the property networkProfile.<n> (NetworkConnectionProfileType as JSON); without it,"
            + " slot 1 is built from csmsUrl, securityProfile and messageTimeoutSeconds", min = "2", max = "9")
    int networkProfileSlots() default 3;

    @AttributeDefinition(description = "OCPPCommCtrlr.NetworkConfigurationPriority: comma-separated slots in the order"
            + " they are tried, e.g. \"2,1\"; read at start and after a lost connection")
    String networkConfigurationPriority() default "1";

    @AttributeDefinition(description = "OCPPCommCtrlr.NetworkProfileConnectionAttempts: failed attempts on one"
            + " slot before the next slot of NetworkConfigurationPriority is tried", min = "1")
    int networkProfileConnectionAttempts() default 3;

    @AttributeDefinition(description = "Largest incoming WebSocket message in bytes; larger ones close the connection"
            + " with 1009 (Message Too Big)", min = "1024")
    int maxFrameBytes() default 65536;

    @AttributeDefinition(description = "Requests that may wait for sending (offline or behind the outstanding CALL)",
            min = "1")
    int offlineQueueCapacity() default 1000;
}
