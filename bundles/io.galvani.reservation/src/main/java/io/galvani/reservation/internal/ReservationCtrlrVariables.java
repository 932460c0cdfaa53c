package io.galvani.reservation.internal;

import java.util.Collection;
import java.util.List;

import org.osgi.service.component.annotations.Component;

import io.galvani.devicemodel.api.Characteristics;
import io.galvani.devicemodel.api.ComponentKey;
import io.galvani.devicemodel.api.DeviceModelContribution;
import io.galvani.devicemodel.api.GenericVariables;
import io.galvani.devicemodel.api.VariableAttribute;
import io.galvani.devicemodel.api.VariableDefinition;
import io.galvani.devicemodel.api.VariableKey;

/**
 * ReservationCtrlr (Part 2 appendix): Available (read-only true while this bundle runs), Enabled and
 * NonEvseSpecific (read-write, properties of PID {@value ReservationComponent#PID}, applied live by
 * {@link ReservationComponent}'s {@code @Modified}). Defaults come from {@link ReservationConfig}.
 */
@Component(service = DeviceModelContribution.class)
public final class ReservationCtrlrVariables implements DeviceModelContribution {
    static final ComponentKey RESERVATION_CTRLR = ComponentKey.of("ReservationCtrlr");

    @Override
    public Collection<VariableDefinition> variables() {
        return List.of(GenericVariables.available(RESERVATION_CTRLR, () -> true),
                VariableDefinition.builder(RESERVATION_CTRLR, VariableKey.of("Enabled"), Characteristics.bool())
                        .actual(readWrite("enabled")).build(),
                VariableDefinition.builder(RESERVATION_CTRLR, VariableKey.of("NonEvseSpecific"), Characteristics.bool())
                        .actual(readWrite("nonEvseSpecific")).build());
    }

    private static VariableAttribute readWrite(String property) {
        try {
            String value = String.valueOf(ReservationConfig.class.getMethod(property).getDefaultValue());
            return VariableAttribute.readWrite(ReservationComponent.PID, property, value);
        } catch (NoSuchMethodException e) {
            throw new IllegalArgumentException("ReservationConfig has no attribute " + property, e);
        }
    }
}
