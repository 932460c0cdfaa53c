package io.galvani.transactions.internal;

/**
 * The answer to a RequestStartTransaction on one EVSE.
 *
 * @param accepted      whether the start was accepted
 * @param transactionId the transaction already running on the EVSE (cable first, F01.FR.13), or null
 * @param reason        why it was rejected, for statusInfo; null when accepted
 */
public record StartOutcome(boolean accepted, String transactionId, String reason) {

    static StartOutcome accepted(String transactionId) {
        return new StartOutcome(true, transactionId, null);
    }

    static StartOutcome rejected(String reason) {
        return new StartOutcome(false, null, reason);
    }
}
