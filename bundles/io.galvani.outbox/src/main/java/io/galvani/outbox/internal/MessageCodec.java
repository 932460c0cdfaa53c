package io.galvani.outbox.internal;

import java.time.Instant;

import com.fasterxml.jackson.core.JacksonException;

import io.galvani.ocpp.model.Action;
import io.galvani.ocpp.model.OcppErrorCode;
import io.galvani.ocpp.model.OcppJson;
import io.galvani.ocpp.model.OcppRequest;
import io.galvani.ocpp.model.PayloadViolation;
import io.galvani.outbox.api.MessageKind;

/**
 * Requests to and from their stored form: the action name and the OCPP JSON payload. A request is
 * checked against its schema before it is stored, so that the queue never holds a message the CSMS
 * must refuse, or one that could not be read back.
 */
final class MessageCodec {

    private MessageCodec() {
    }

    /**
     * @throws IllegalArgumentException if the CSMS, not the station, sends this action, or the request
     *                                  breaks its schema (the exception names the field, never its value)
     */
    static NewMessage encode(OcppRequest<?> request, MessageKind kind, Instant committedAt) {
        Action action = Action.of(request.getClass());
        if (!action.isInitiatedBy(Action.Initiator.CHARGING_STATION)) {
            throw new IllegalArgumentException(action + " is sent by the CSMS, not queued by the station");
        }
        String payload = OcppJson.write(request);
        try {
            // Exactly what is stored must read back: the text, not the object.
            OcppJson.decode(OcppJson.mapper().readTree(payload), action.requestType());
        } catch (PayloadViolation e) {
            throw new IllegalArgumentException(action + "Request breaks its schema: " + e.getMessage(), e);
        } catch (JacksonException e) {
            throw new IllegalArgumentException(action + "Request does not encode: " + e.getOriginalMessage(), e);
        }
        return new NewMessage(action.name(), payload, kind, committedAt);
    }

    /**
     * The request as it was committed. It was checked against its schema then ({@link #encode}), so it is
     * only bound here, not checked again: the delivery of a long queue is bound by this.
     *
     * @throws PayloadViolation if the stored payload does not decode (a damaged row)
     */
    static OcppRequest<?> decode(StoredMessage message) throws PayloadViolation {
        Action action = Action.byName(message.action()).orElseThrow(
                () -> new PayloadViolation(OcppErrorCode.NotImplemented,
                        "unknown action " + message.action()));
        try {
            return OcppJson.mapper().readValue(message.payload(), action.requestType());
        } catch (JacksonException e) {
            throw new PayloadViolation(OcppErrorCode.FormatViolation,
                    "stored payload does not decode: " + e.getOriginalMessage());
        }
    }
}
