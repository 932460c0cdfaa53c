package io.galvani.csms.demo;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Ready-made responders; {@link #defaults()} is the script a believable CSMS follows when nothing else is set.
 * Use the factories in tests, e.g. {@code csms.onCall("BootNotification", Replies.bootNotification("Pending", 5))}.
 */
public final class Replies {

    /** RFC 3339, UTC, always with milliseconds (OCPP allows at most 3 fractional digits). */
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private static final Map<String, CallResponder> DEFAULTS = Map.ofEntries(
            Map.entry("BootNotification", bootNotification("Accepted", 300)),
            Map.entry("Heartbeat", heartbeat()),
            Map.entry("StatusNotification", empty()),
            Map.entry("MeterValues", empty()),
            Map.entry("NotifyReport", empty()),
            Map.entry("NotifyEvent", empty()),
            Map.entry("SecurityEventNotification", empty()),
            Map.entry("FirmwareStatusNotification", empty()),
            Map.entry("LogStatusNotification", empty()),
            Map.entry("NotifyMonitoringReport", empty()),
            Map.entry("NotifyCustomerInformation", empty()),
            Map.entry("Authorize", authorize("Accepted")),
            Map.entry("TransactionEvent", transactionEvent("Accepted")),
            Map.entry("DataTransfer", dataTransfer("UnknownVendorId")),
            Map.entry("SignCertificate", signCertificate("Accepted")),
            Map.entry("ReservationStatusUpdate", empty()));

    private Replies() {
    }

    /** The default script, by action. An action not in it is answered with {@link #notImplemented()}. */
    public static Map<String, CallResponder> defaults() {
        return DEFAULTS;
    }

    /** The default responder for an action: from {@link #defaults()}, else {@link #notImplemented()}. */
    public static CallResponder defaultFor(String action) {
        return DEFAULTS.getOrDefault(action, notImplemented());
    }

    /** Now, formatted as OCPP wants a dateTime: {@code 2026-11-25T12:34:56.789Z}. */
    public static String now() {
        return TIME.format(Instant.now());
    }

    /** {@code {status, interval, currentTime: now}}. */
    public static CallResponder bootNotification(String status, int intervalSeconds) {
        return (station, id, payload) -> Reply.result(object()
                .put("currentTime", now()).put("interval", intervalSeconds).put("status", status));
    }

    /** {@code {currentTime: now}}. */
    public static CallResponder heartbeat() {
        return (station, id, payload) -> Reply.result(object().put("currentTime", now()));
    }

    /** {@code {}}: the answer to notifications. */
    public static CallResponder empty() {
        return (station, id, payload) -> Reply.empty();
    }

    /** {@code {idTokenInfo: {status}}}. */
    public static CallResponder authorize(String status) {
        return (station, id, payload) -> Reply.result(idTokenInfo(status));
    }

    /** {@code {}}, plus {@code idTokenInfo: {status}} when the request carries an idToken (E01–E06). */
    public static CallResponder transactionEvent(String idTokenStatus) {
        return (station, id, payload) -> payload != null && payload.has("idToken")
                ? Reply.result(idTokenInfo(idTokenStatus)) : Reply.empty();
    }

    /** {@code {status}} for DataTransfer. */
    public static CallResponder dataTransfer(String status) {
        return (station, id, payload) -> Reply.result(object().put("status", status));
    }

    /** {@code {status}} for SignCertificate. */
    public static CallResponder signCertificate(String status) {
        return (station, id, payload) -> Reply.result(object().put("status", status));
    }

    /** CALLERROR NotImplemented, what a CSMS sends for an action it does not know. */
    public static CallResponder notImplemented() {
        return (station, id, payload) -> Reply.error("NotImplemented", "Action not implemented by the demo CSMS");
    }

    /** Always this reply, whatever the request. */
    public static CallResponder always(Reply reply) {
        return (station, id, payload) -> reply;
    }

    private static ObjectNode idTokenInfo(String status) {
        ObjectNode result = object();
        result.putObject("idTokenInfo").put("status", status);
        return result;
    }

    private static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }
}
