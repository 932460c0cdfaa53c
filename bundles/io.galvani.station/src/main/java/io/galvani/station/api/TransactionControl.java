package io.galvani.station.api;

import java.util.concurrent.CompletionStage;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * What remote operations need to know about charging transactions, provided by the transaction
 * bundle. When no such service is registered, no transaction can be running.
 *
 * <p>Reset and ChangeAvailability answer Scheduled while {@link #active} and act once
 * {@link #idle} completes (B12, G03.FR.05/G04.FR.06); an Immediate reset first ends the transactions
 * with {@link #endForImmediateReset} (stoppedReason ImmediateReset, triggerReason ResetCommand,
 * B12.FR.04 errata). An {@code evseId} of 0 means every EVSE.
 */
@ConsumerType
public interface TransactionControl {

    /** Whether a transaction runs on the EVSE (0 = on any EVSE). */
    boolean active(int evseId);

    /** Completes (on any thread) once no transaction runs on the EVSE (0 = on any); at once if none does. */
    CompletionStage<Void> idle(int evseId);

    /**
     * Ends the transactions on the EVSE (0 = all) for an Immediate reset; completes once their Ended
     * events are stored for delivery, so that a reboot after it loses none.
     */
    CompletionStage<Void> endForImmediateReset(int evseId);
}
