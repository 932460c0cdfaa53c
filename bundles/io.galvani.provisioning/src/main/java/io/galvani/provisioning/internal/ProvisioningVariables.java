package io.galvani.provisioning.internal;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.galvani.devicemodel.api.Characteristics;
import io.galvani.devicemodel.api.ComponentKey;
import io.galvani.devicemodel.api.DeviceModelContribution;
import io.galvani.devicemodel.api.Rejection;
import io.galvani.devicemodel.api.ValueSource;
import io.galvani.devicemodel.api.VariableAttribute;
import io.galvani.devicemodel.api.VariableDefinition;
import io.galvani.devicemodel.api.VariableKey;
import io.galvani.station.api.StationClock;

/**
 * The device-model variables of provisioning: OCPPCommCtrlr.HeartbeatInterval and OfflineThreshold,
 * ClockCtrlr.DateTime, TimeSource and TimeAdjustmentReportingThreshold. The writable ones are properties of PID
 * {@value ProvisioningComponent#PID}, which {@link ProvisioningComponent} applies in {@code @Modified};
 * their defaults are read from {@link ProvisioningConfig}, so the two cannot drift apart. A component of
 * its own, needing only the clock, so the device model and provisioning do not depend on each other.
 */
@Component(service = DeviceModelContribution.class)
public final class ProvisioningVariables implements DeviceModelContribution {
    static final ComponentKey OCPP_COMM_CTRLR = ComponentKey.of("OCPPCommCtrlr");
    static final ComponentKey CLOCK_CTRLR = ComponentKey.of("ClockCtrlr");
    static final ComponentKey CHARGING_STATION = ComponentKey.of("ChargingStation");

    /** OCPP dateTime as the messages carry it: UTC, milliseconds. */
    private static final DateTimeFormatter DATE_TIME =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private final List<VariableDefinition> variables;

    @Activate
    public ProvisioningVariables(@Reference StationClock clock, BundleContext context) {
        this(clock, context.getBundle().getVersion().toString());
    }

    /** @param bundleVersion what BootNotification reports as firmware version while none is configured */
    ProvisioningVariables(StationClock clock, String bundleVersion) {
        this.variables = definitions(clock, bundleVersion);
    }

    @Override
    public Collection<VariableDefinition> variables() {
        return variables;
    }

    static List<VariableDefinition> definitions(StationClock clock, String bundleVersion) {
        String pid = ProvisioningComponent.PID;
        return List.of(
                VariableDefinition.builder(OCPP_COMM_CTRLR, VariableKey.of("HeartbeatInterval"),
                        Characteristics.integer().withUnit("s").withMin(1).withMax(Integer.MAX_VALUE))
                        .actual(VariableAttribute.readWrite(pid, "heartbeatIntervalSeconds",
                                defaultOf("heartbeatIntervalSeconds")))
                        .build(),
                VariableDefinition.builder(OCPP_COMM_CTRLR, VariableKey.of("OfflineThreshold"),
                        Characteristics.integer().withUnit("s").withMin(0).withMax(Integer.MAX_VALUE))
                        .actual(VariableAttribute.readWrite(pid, "offlineThresholdSeconds",
                                defaultOf("offlineThresholdSeconds")))
                        .build(),
                VariableDefinition.builder(CLOCK_CTRLR, VariableKey.of("DateTime"), Characteristics.dateTime())
                        .actual(VariableAttribute.readOnly(ValueSource.live(
                                () -> DATE_TIME.format(clock.now().truncatedTo(ChronoUnit.MILLIS)))))
                        .build(),
                VariableDefinition.builder(CLOCK_CTRLR, VariableKey.of("TimeSource"),
                        Characteristics.sequenceList(BootSequence.HEARTBEAT_TIME_SOURCE))
                        .actual(VariableAttribute.readWrite(pid, "timeSource", defaultOf("timeSource")))
                        .validator(value -> value.isEmpty()
                                ? Optional.of(Rejection.invalid("ClockCtrlr.TimeSource: at least one source is "
                                        + "needed; available: " + BootSequence.HEARTBEAT_TIME_SOURCE))
                                : Optional.empty())
                        .build(),
                VariableDefinition.builder(CLOCK_CTRLR, VariableKey.of("TimeAdjustmentReportingThreshold"),
                        Characteristics.integer().withUnit("s").withMin(0).withMax(Integer.MAX_VALUE))
                        .actual(VariableAttribute.readWrite(pid, "timeAdjustmentReportingThresholdSeconds",
                                defaultOf("timeAdjustmentReportingThresholdSeconds")))
                        .build(),
                // The version BootNotification reports; the firmware installer writes it after a live update.
                VariableDefinition.builder(CHARGING_STATION, VariableKey.of("FirmwareVersion"),
                        Characteristics.string().withMax(50))
                        .actual(VariableAttribute.readOnly(ValueSource.configured(pid, "firmwareVersion",
                                bundleVersion)))
                        .build());
    }

    static int defaultHeartbeatInterval() {
        return Integer.parseInt(defaultOf("heartbeatIntervalSeconds"));
    }

    /** The default of a {@link ProvisioningConfig} attribute, as text. */
    static String defaultOf(String attribute) {
        try {
            return String.valueOf(ProvisioningConfig.class.getMethod(attribute).getDefaultValue());
        } catch (NoSuchMethodException e) {
            throw new IllegalArgumentException("ProvisioningConfig has no attribute " + attribute, e);
        }
    }
}
