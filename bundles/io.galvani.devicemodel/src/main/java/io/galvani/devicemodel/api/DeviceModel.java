package io.galvani.devicemodel.api;

import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

import io.galvani.ocpp.model.types.AttributeEnumType;

/**
 * The station's device model as the union of all {@link DeviceModelContribution}s. The OCPP
 * GetVariables/SetVariables handlers, the operator console and the local API all go through it, so
 * they all apply the same mutability and validation rules: a read of a WriteOnly attribute is
 * Rejected, a write of a ReadOnly one is Rejected, a value outside the characteristics is Rejected
 * with a reason naming the variable and the limit, and nothing is stored unless every check passed.
 */
@ProviderType
public interface DeviceModel {

    /** Every contributed variable, sorted by component then variable. */
    List<VariableDefinition> definitions();

    Optional<VariableDefinition> definition(ComponentKey component, VariableKey variable);

    /** Reads one attribute ({@code null} = Actual) with the GetVariables rules (B06). */
    VariableRead read(ComponentKey component, VariableKey variable, AttributeEnumType attribute);

    /** Writes one attribute ({@code null} = Actual) with the SetVariables rules (B05). */
    VariableWrite write(ComponentKey component, VariableKey variable, AttributeEnumType attribute, String value);
}
