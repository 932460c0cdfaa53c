package io.galvani.security.certificates.internal;

import java.util.Collection;
import java.util.List;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.galvani.devicemodel.api.Characteristics;
import io.galvani.devicemodel.api.ComponentKey;
import io.galvani.devicemodel.api.DeviceModelContribution;
import io.galvani.devicemodel.api.ValueSource;
import io.galvani.devicemodel.api.VariableAttribute;
import io.galvani.devicemodel.api.VariableDefinition;
import io.galvani.devicemodel.api.VariableKey;

/**
 * The certificate variables of SecurityCtrlr (Part 2 appendix §2.2; names, types and units as in
 * {@code dm_components_vars.csv}). The writable ones are properties of PID {@value CertificatesConfig#PID}, which
 * {@link CertificateService} applies in {@code @Modified}; their defaults are read from {@link CertificatesConfig},
 * so the two cannot drift apart. SecurityProfile, Identity and BasicAuthPassword belong to the transport.
 */
@Component(service = DeviceModelContribution.class)
public final class SecurityCtrlrVariables implements DeviceModelContribution {
    static final ComponentKey SECURITY_CTRLR = ComponentKey.of("SecurityCtrlr");

    private final List<VariableDefinition> variables;

    @Activate
    public SecurityCtrlrVariables(@Reference CertificateService certificates) {
        this.variables = definitions(ValueSource.live(() -> Integer.toString(certificates.state().entries())),
                certificates.settings().maxCertificateEntries());
    }

    @Override
    public Collection<VariableDefinition> variables() {
        return variables;
    }

    static List<VariableDefinition> definitions(ValueSource entries, int maxEntries) {
        return List.of(
                VariableDefinition.builder(SECURITY_CTRLR, VariableKey.of("OrganizationName"),
                        Characteristics.string().withMax(CsrFactory.MAX_NAME))
                        .actual(readWrite("organizationName"))
                        .build(),
                VariableDefinition.builder(SECURITY_CTRLR, VariableKey.of("CertificateEntries"),
                        Characteristics.integer().withMin(0).withMax(maxEntries))
                        .actual(VariableAttribute.readOnly(entries))
                        .build(),
                VariableDefinition.builder(SECURITY_CTRLR, VariableKey.of("CertSigningWaitMinimum"),
                        Characteristics.integer().withUnit("s").withMin(1).withMax(Integer.MAX_VALUE))
                        .actual(readWrite("certSigningWaitMinimumSeconds"))
                        .build(),
                VariableDefinition.builder(SECURITY_CTRLR, VariableKey.of("CertSigningRepeatTimes"),
                        Characteristics.integer().withMin(0).withMax(Settings.MAX_REPEAT_TIMES))
                        .actual(readWrite("certSigningRepeatTimes"))
                        .build(),
                VariableDefinition.builder(SECURITY_CTRLR, VariableKey.of("MaxCertificateChainSize"),
                        Characteristics.integer().withMax(Settings.MAX_CHAIN_SIZE))
                        .actual(VariableAttribute.readOnly(ValueSource.configured(CertificatesConfig.PID,
                                "maxCertificateChainSize", defaultOf("maxCertificateChainSize"))))
                        .build(),
                VariableDefinition.builder(SECURITY_CTRLR, VariableKey.of("AdditionalRootCertificateCheck"),
                        Characteristics.bool())
                        // M05.FR.09-16 not implemented (PICS AS-2 No): the variable says so
                        .actual(VariableAttribute.readOnly(ValueSource.constant("false")))
                        .build());
    }

    private static VariableAttribute readWrite(String property) {
        return VariableAttribute.readWrite(CertificatesConfig.PID, property, defaultOf(property));
    }

    /** The default of a {@link CertificatesConfig} attribute, as text. */
    static String defaultOf(String attribute) {
        try {
            return String.valueOf(CertificatesConfig.class.getMethod(attribute).getDefaultValue());
        } catch (NoSuchMethodException e) {
            throw new IllegalArgumentException("CertificatesConfig has no attribute " + attribute, e);
        }
    }
}
