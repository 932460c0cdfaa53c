package io.galvani.outbox.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration PID {@value #PID}; the first three attributes are OCPPCommCtrlr variables (SetVariables). */
@ObjectClassDefinition(name = "Galvani outbox",
        description = "Crash-safe queue of OCPP messages to the CSMS: retries (E13) and store size")
public @interface OutboxConfig {
    String PID = "io.galvani.outbox";
    int DEFAULT_MESSAGE_ATTEMPTS = 3;
    int DEFAULT_MESSAGE_ATTEMPT_INTERVAL_SECONDS = 60;
    int DEFAULT_CAPACITY = 100_000;

    @AttributeDefinition(description = "OCPPCommCtrlr.MessageAttempts[TransactionEvent]: transmissions in all of a "
            + "message the CSMS fails to process (CALLERROR or no answer) before it is given up (E13)", min = "1")
    int messageAttempts() default DEFAULT_MESSAGE_ATTEMPTS;

    @AttributeDefinition(description = "OCPPCommCtrlr.MessageAttemptInterval[TransactionEvent], seconds: the wait "
            + "before the next transmission is this times the failed transmissions so far (E13.FR.03)", min = "0")
    int messageAttemptIntervalSeconds() default DEFAULT_MESSAGE_ATTEMPT_INTERVAL_SECONDS;

    @AttributeDefinition(description = "OCPPCommCtrlr.QueueAllMessages: queue every message, not only transaction "
            + "ones, while offline (stored and reported; the senders consult it)")
    boolean queueAllMessages() default false;

    @AttributeDefinition(description = "Most messages the store holds; when full, meter-value TransactionEvents "
            + "are thinned (J02.FR.13), then commits are refused", min = "1")
    int capacity() default DEFAULT_CAPACITY;
}
