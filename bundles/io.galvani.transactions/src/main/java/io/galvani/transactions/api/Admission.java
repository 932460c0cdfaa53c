package io.galvani.transactions.api;

/**
 * A {@link TransactionGate}'s answer.
 *
 * @param allowed       whether the driver may use the EVSE
 * @param reason        why not, short and for the driver's display (e.g. "Reserved"); null when allowed
 * @param reservationId the claim this driver consumes (reported in the TransactionEvent), or null
 * @since 1.1
 */
public record Admission(boolean allowed, String reason, Integer reservationId) {

    private static final Admission PASS = new Admission(true, null, null);

    public Admission {
        if (!allowed && (reason == null || reason.isBlank())) {
            throw new IllegalArgumentException("a refusal needs a reason");
        }
        if (!allowed && reservationId != null) {
            throw new IllegalArgumentException("a refusal consumes no reservation");
        }
    }

    /** Nothing to say about this driver: the gate neither refuses nor claims. */
    public static Admission pass() {
        return PASS;
    }

    public static Admission refuse(String reason) {
        return new Admission(false, reason, null);
    }

    /** Allowed, using up the claim {@code reservationId}. */
    public static Admission consume(int reservationId) {
        return new Admission(true, null, reservationId);
    }

    /** Whether the driver uses up a claim of the gate. */
    public boolean claims() {
        return allowed && reservationId != null;
    }
}
