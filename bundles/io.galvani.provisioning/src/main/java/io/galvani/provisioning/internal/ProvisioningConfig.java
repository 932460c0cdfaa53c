package io.galvani.provisioning.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Configuration of PID {@code io.galvani.provisioning}. The last four attributes are also device-model
 * variables ({@link ProvisioningVariables}): SetVariables writes them here, so their defaults are the
 * defaults the device model reports.
 */
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

    @AttributeDefinition(description = "OCPPCommCtrlr.HeartbeatInterval: seconds between heartbeats. A change applies "
            + "at once; a BootNotificationResponse Accepted with interval > 0 overwrites it (B01.FR.04)", min = "1")
    int heartbeatIntervalSeconds() default 300;

    @AttributeDefinition(description = "OCPPCommCtrlr.OfflineThreshold: after an offline period longer than this many "
            + "seconds, StatusNotification for every connector; otherwise only for those that changed (B04)", min = "0")
    int offlineThresholdSeconds() default 60;

    @AttributeDefinition(description = "ClockCtrlr.TimeSource: comma-separated clock sources in order of preference. "
            + "Heartbeat (the time in BootNotification and Heartbeat responses) is the only source available; "
            + "without it the clock does not follow the CSMS")
    String timeSource() default "Heartbeat";

    @AttributeDefinition(description = "ClockCtrlr.TimeAdjustmentReportingThreshold: a clock adjustment (from the "
            + "CSMS time) of more than this many seconds, forwards or backwards, is reported as the security event "
            + "SettingSystemTime; 0 = every adjustment", min = "0")
    int timeAdjustmentReportingThresholdSeconds() default 20;
}
