package io.galvani.firmware.internal;

import java.util.Collection;
import java.util.List;

import org.osgi.service.component.annotations.Component;

import io.galvani.devicemodel.api.Characteristics;
import io.galvani.devicemodel.api.ComponentKey;
import io.galvani.devicemodel.api.DeviceModelContribution;
import io.galvani.devicemodel.api.VariableAttribute;
import io.galvani.devicemodel.api.VariableDefinition;
import io.galvani.devicemodel.api.VariableKey;

/**
 * ChargingStation.AllowNewSessionsPendingFirmwareUpdate (L01.FR.07): read-write, stored in this bundle's
 * configuration, so a SetVariables reaches {@link FirmwareComponent} through {@code @Modified}.
 */
@Component(service = DeviceModelContribution.class)
public final class FirmwareVariables implements DeviceModelContribution {
    static final String ALLOW_NEW_SESSIONS = "allowNewSessionsPendingFirmwareUpdate";

    @Override
    public Collection<VariableDefinition> variables() {
        return List.of(VariableDefinition.builder(ComponentKey.of("ChargingStation"),
                VariableKey.of("AllowNewSessionsPendingFirmwareUpdate"), Characteristics.bool())
                .actual(VariableAttribute.readWrite(FirmwareComponent.PID, ALLOW_NEW_SESSIONS, "false"))
                .build());
    }
}
