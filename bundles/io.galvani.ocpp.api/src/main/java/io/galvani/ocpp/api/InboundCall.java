package io.galvani.ocpp.api;

import org.osgi.annotation.versioning.ProviderType;

/** Context of one CALL received from the CSMS, handed to an {@link OcppRequestHandler}. */
@ProviderType
public interface InboundCall {

    /** The CALL's message id. */
    String messageId();

    /** The CALL's action name. */
    String action();

    /**
     * Length of the whole CALL frame as received, in UTF-8 bytes, for the BytesPerMessage limits of the
     * device model; -1 where unknown (the default, for implementations that do not count).
     */
    default int messageBytes() {
        return -1;
    }

    /**
     * Runs {@code task} once the CALLRESULT for this CALL has been written to the connection, e.g.
     * to send the message a TriggerMessage asked for, or to reboot after a Reset. Tasks run on the
     * transport's executor and must not block.
     */
    void afterResponse(Runnable task);
}
