package io.galvani.csms.demo;

import org.osgi.annotation.versioning.ConsumerType;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Decides how the CSMS answers one CALL from a station. Runs on the Jetty thread that read the frame, so it
 * should be quick; a slow answer is better scripted with {@link Reply#after(java.time.Duration)}.
 * An exception thrown here is answered with CALLERROR InternalError.
 */
@ConsumerType
@FunctionalInterface
public interface CallResponder {
    Reply respond(String stationId, String messageId, JsonNode payload);
}
