package io.galvani.reservation.internal;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

import io.galvani.ocpp.model.messages.ReserveNowRequest;
import io.galvani.ocpp.model.types.IdTokenType;

/**
 * One accepted reservation (ReserveNowRequest): for one EVSE ({@code evseId}), or floating: any EVSE
 * with a connector of {@code connectorType}, or any EVSE when both are null.
 *
 * @param id            the CSMS's reservation id
 * @param expiry        when it ends unused (H04)
 * @param evseId        the reserved EVSE, or null
 * @param connectorType OCPP ConnectorEnumType value the EVSE must offer, or null
 * @param idToken       who may use it
 * @param groupIdToken  whose group may use it too (H03.FR.04-06), or null
 */
record Reservation(int id, Instant expiry, Integer evseId, String connectorType, IdTokenType idToken,
        IdTokenType groupIdToken) {

    Reservation {
        Objects.requireNonNull(expiry, "expiry");
        Objects.requireNonNull(idToken, "idToken");
    }

    static Reservation of(ReserveNowRequest request) {
        return new Reservation(request.id(), request.expiryDateTime(), request.evseId(),
                request.connectorType() == null ? null : request.connectorType().value(), request.idToken(),
                request.groupIdToken());
    }

    /** Reserves one EVSE rather than one of several. */
    boolean specific() {
        return evseId != null;
    }

    /** Whether the driver with {@code token} (of group {@code group}, if known) may use it (H03.FR.01-06). */
    boolean heldFor(IdTokenType token, IdTokenType group) {
        return sameToken(idToken, token) || (groupIdToken != null && sameToken(groupIdToken, group));
    }

    boolean expiredAt(Instant now) {
        return !now.isBefore(expiry);
    }

    /** idTokens are case-insensitive (IdTokenType); the type must match too. */
    static boolean sameToken(IdTokenType a, IdTokenType b) {
        return a != null && b != null && a.type() == b.type()
                && a.idToken().toLowerCase(Locale.ROOT).equals(b.idToken().toLowerCase(Locale.ROOT));
    }

    /** For logs: idTokens are personal data, only the last four characters are shown. */
    static String mask(IdTokenType token) {
        String id = token.idToken();
        return id.length() <= 4 ? "****" : "****" + id.substring(id.length() - 4);
    }

    @Override
    public String toString() {
        return "reservation " + id + " (" + (evseId != null ? "EVSE " + evseId : "any EVSE")
                + (connectorType != null ? ", " + connectorType : "") + ", until " + expiry + ", for "
                + mask(idToken) + ")";
    }
}
