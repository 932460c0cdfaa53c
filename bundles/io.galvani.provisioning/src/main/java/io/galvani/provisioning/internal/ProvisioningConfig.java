package io.galvani.provisioning.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Galvani provisioning", description = "BootNotification content and registration timing")
public @interface ProvisioningConfig {

    @AttributeDefinition(description = "ChargingStation.vendorName sent in BootNotification (max 50)")
    String vendorName() default "Galvani";

    @AttributeDefinition(description = "ChargingStation.model sent in BootNotification (max 20)")
    String model() default "Galvani-DC480";

    @AttributeDefinition(description = "ChargingStation.serialNumber sent in BootNotification (max 25); empty = omitted")
    String serialNumber() default "";

    @AttributeDefinition(description = "ChargingStation.firmwareVersion (max 50); empty = the provisioning bundle's version")
    String firmwareVersion() default "";

    @AttributeDefinition(description = "Seconds before BootNotification is sent again when it got no answer, "
            + "or when the CSMS answered with interval 0", min = "1")
    int bootRetrySeconds() default 30;

    @AttributeDefinition(description = "Heartbeat interval in seconds until the CSMS sets one", min = "1")
    int heartbeatIntervalSeconds() default 300;
}
