package io.galvani.reservation.internal;

import java.time.Instant;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.galvani.ocpp.model.OcppJson;
import io.galvani.ocpp.model.types.IdTokenType;

/**
 * The stored form of a {@link Reservation} (outbox state namespace {@value #NAMESPACE}, key = reservation id):
 * JSON with a format {@code version}, so that a later format can migrate what this one wrote.
 */
final class ReservationCodec {
    static final String NAMESPACE = "reservations";
    static final int VERSION = 1;

    private ReservationCodec() {
    }

    static String encode(Reservation r) {
        ObjectNode json = OcppJson.mapper().createObjectNode();
        json.put("version", VERSION);
        json.put("id", r.id());
        json.put("expiry", r.expiry().toString());
        if (r.evseId() != null) {
            json.put("evseId", r.evseId());
        }
        if (r.connectorType() != null) {
            json.put("connectorType", r.connectorType());
        }
        json.set("idToken", OcppJson.encode(r.idToken()));
        if (r.groupIdToken() != null) {
            json.set("groupIdToken", OcppJson.encode(r.groupIdToken()));
        }
        return json.toString();
    }

    /** @throws IllegalArgumentException when {@code stored} is not a reservation this version can read */
    static Reservation decode(String stored) {
        try {
            JsonNode json = OcppJson.mapper().readTree(stored);
            int version = json.path("version").asInt(-1);
            if (version != VERSION) {
                throw new IllegalArgumentException("unknown reservation format version " + version);
            }
            return new Reservation(json.get("id").asInt(), Instant.parse(json.get("expiry").asText()),
                    json.hasNonNull("evseId") ? json.get("evseId").asInt() : null,
                    json.hasNonNull("connectorType") ? json.get("connectorType").asText() : null,
                    OcppJson.mapper().treeToValue(json.get("idToken"), IdTokenType.class),
                    json.hasNonNull("groupIdToken")
                            ? OcppJson.mapper().treeToValue(json.get("groupIdToken"), IdTokenType.class) : null);
        } catch (JsonProcessingException | RuntimeException e) {
            throw new IllegalArgumentException("unreadable reservation: " + e.getMessage(), e);
        }
    }
}
