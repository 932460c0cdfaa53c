package io.galvani.operations.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Galvani remote operations",
        description = "Reset and ChangeAvailability behaviour")
public @interface OperationsConfig {
    String PID = "io.galvani.operations";
    /** The default of {@link #resetRetries()}, also the device model's default of OCPPCommCtrlr.ResetRetries. */
    int DEFAULT_RESET_RETRIES = 3;

    @AttributeDefinition(description = "OCPPCommCtrlr.ResetRetries: how often a failed reboot is tried again", min = "0")
    int resetRetries() default DEFAULT_RESET_RETRIES;

    @AttributeDefinition(description = "Seconds between reboot attempts", min = "1")
    int resetRetryDelaySeconds() default 5;

    @AttributeDefinition(description = "Immediate reset: seconds to wait for the transactions to end before "
            + "resetting anyway", min = "1")
    int immediateResetTimeoutSeconds() default 30;

    @AttributeDefinition(description = "EVSE reset: seconds to wait for each driver component to stop or start",
            min = "1")
    int driverRestartTimeoutSeconds() default 10;
}
