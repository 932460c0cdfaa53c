package io.galvani.transactions.api;

import org.osgi.annotation.versioning.ConsumerType;

import io.galvani.ocpp.model.types.IdTokenType;

/**
 * Whiteboard consulted before an idToken may use an EVSE: a card presented at the station (after the
 * authorization service accepted it) and a RequestStartTransaction (when it is answered, and again when
 * it is acted on). A profile bundle registers one to refuse drivers (an EVSE reserved for someone else,
 * H03) or to let a claim of its own be consumed by this driver, so that the TransactionEvent reporting
 * the driver's idToken carries the claim's {@code reservationId} (E03.FR.03, H01.FR.15).
 *
 * <p>Contract: called on the transaction bundle's thread; answer from memory within milliseconds,
 * never block, never call back into the transaction bundle. {@link #admit} must not change state: it
 * may be asked several times for one attempt. When a driver is admitted and the session goes ahead,
 * {@link #consumed} is called once, before any event of it is stored. A gate that throws counts as
 * {@link Admission#pass()}. The first refusal of any gate wins; of several admissions with a
 * reservationId, the first (highest service ranking) is consumed.
 *
 * @since 1.1
 */
@ConsumerType
public interface TransactionGate {

    /**
     * Whether {@code idToken} may use EVSE {@code evseId}.
     *
     * @param groupIdToken the token's group as the authorization (or the RequestStartTransaction) gave it,
     *                     or null when unknown
     */
    Admission admit(int evseId, IdTokenType idToken, IdTokenType groupIdToken);

    /**
     * The session on {@code evseId} went ahead with {@code admission} (one that {@link Admission#claims}):
     * the claim is used up (H03.FR.09).
     */
    default void consumed(int evseId, Admission admission) {
    }

    /**
     * The TransactionEvent carrying {@code reservationId} for transaction {@code transactionId} on
     * {@code evseId} is stored for delivery.
     */
    default void reported(int evseId, int reservationId, String transactionId) {
    }
}
