package io.galvani.security.certificates.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.galvani.devicemodel.api.Characteristics;
import io.galvani.devicemodel.api.ValueSource;
import io.galvani.devicemodel.api.VariableAttribute;
import io.galvani.devicemodel.api.VariableDefinition;
import io.galvani.ocpp.model.types.AttributeEnumType;
import io.galvani.ocpp.model.types.DataEnumType;
import io.galvani.ocpp.model.types.GenericStatusEnumType;
import io.galvani.ocpp.model.types.InstallCertificateUseEnumType;
import io.galvani.ocpp.model.types.MutabilityEnumType;

/**
 * SecurityCtrlr variables (Part 2 appendix §2.2, dm_components_vars.csv): names, types, units, mutability, limits,
 * defaults shared with the configuration, live values and live changes.
 */
class SecurityCtrlrVariablesTest {
    @TempDir
    Path tmp;

    private final Map<String, VariableDefinition> variables = SecurityCtrlrVariables
            .definitions(ValueSource.constant("0"), 20).stream()
            .collect(Collectors.toMap(v -> v.variable().name(), v -> v));

    private VariableAttribute actual(String name) {
        return variables.get(name).attributes().get(AttributeEnumType.Actual);
    }

    @Test
    void contributesTheCertificateVariables_notThoseOfTheTransport() {
        assertThat(variables.values()).allSatisfy(v -> {
            assertThat(v.component().name()).isEqualTo("SecurityCtrlr");
            assertThat(v.attributes()).containsOnlyKeys(AttributeEnumType.Actual);
            assertThat(v.rebootRequired()).isFalse();
        });
        assertThat(variables).containsOnlyKeys("OrganizationName", "CertificateEntries", "CertSigningWaitMinimum",
                "CertSigningRepeatTimes", "MaxCertificateChainSize", "AdditionalRootCertificateCheck");
    }

    @Test
    void typesUnitsAndMutability_areThoseOfTheSpecification() {
        assertThat(variables.get("OrganizationName").characteristics().dataType()).isEqualTo(DataEnumType.string);
        assertThat(actual("OrganizationName").mutability()).isEqualTo(MutabilityEnumType.ReadWrite);

        Characteristics entries = variables.get("CertificateEntries").characteristics();
        assertThat(entries.dataType()).isEqualTo(DataEnumType.integer);
        assertThat(entries.maxLimit()).as("maxLimit = most certificates (M05.FR.06)").isEqualTo(20.0);
        assertThat(actual("CertificateEntries").mutability()).isEqualTo(MutabilityEnumType.ReadOnly);

        Characteristics wait = variables.get("CertSigningWaitMinimum").characteristics();
        assertThat(wait.dataType()).isEqualTo(DataEnumType.integer);
        assertThat(wait.unit()).isEqualTo("s");
        assertThat(actual("CertSigningWaitMinimum").mutability()).isEqualTo(MutabilityEnumType.ReadWrite);

        assertThat(variables.get("CertSigningRepeatTimes").characteristics().dataType()).isEqualTo(DataEnumType.integer);
        assertThat(variables.get("CertSigningRepeatTimes").characteristics().unit()).isNull();
        assertThat(actual("CertSigningRepeatTimes").mutability()).isEqualTo(MutabilityEnumType.ReadWrite);

        Characteristics chain = variables.get("MaxCertificateChainSize").characteristics();
        assertThat(chain.dataType()).isEqualTo(DataEnumType.integer);
        assertThat(chain.maxLimit()).isEqualTo(10000.0);
        assertThat(chain.unit()).isNull();
        assertThat(actual("MaxCertificateChainSize").mutability()).isEqualTo(MutabilityEnumType.ReadOnly);

        assertThat(variables.get("AdditionalRootCertificateCheck").characteristics().dataType())
                .isEqualTo(DataEnumType._boolean);
        assertThat(actual("AdditionalRootCertificateCheck").mutability()).isEqualTo(MutabilityEnumType.ReadOnly);
        assertThat(actual("AdditionalRootCertificateCheck").source()).isEqualTo(ValueSource.constant("false"));
    }

    @Test
    void configuredValues_areOurConfigurationPropertiesWithItsDefaults() throws Exception {
        for (String name : List.of("OrganizationName", "CertSigningWaitMinimum", "CertSigningRepeatTimes",
                "MaxCertificateChainSize")) {
            ValueSource.Configured source = (ValueSource.Configured) actual(name).source();
            assertThat(source.pid()).isEqualTo(CertificatesConfig.PID);
            Object configDefault = CertificatesConfig.class.getMethod(source.property()).getDefaultValue();
            assertThat(source.defaultValue()).as(name).isEqualTo(String.valueOf(configDefault));
        }
        assertThat(SecurityCtrlrVariables.defaultOf("certSigningWaitMinimumSeconds")).isEqualTo("30");
        assertThat(SecurityCtrlrVariables.defaultOf("certSigningRepeatTimes")).isEqualTo("3");
        assertThat(SecurityCtrlrVariables.defaultOf("maxCertificateChainSize")).isEqualTo("10000");
        assertThat(SecurityCtrlrVariables.defaultOf("maxCertificateEntries")).isEqualTo("20");
    }

    @Test
    void certificateEntries_countsLive_andItsMaxLimitIsTheConfiguredMaximum() {
        TestStation station = new TestStation(tmp).with("maxCertificateEntries", 7).start();
        SecurityCtrlrVariables contribution = new SecurityCtrlrVariables(station.service);
        VariableDefinition entries = contribution.variables().stream()
                .filter(v -> v.variable().name().equals("CertificateEntries")).findFirst().orElseThrow();
        ValueSource.Live live = (ValueSource.Live) entries.attributes().get(AttributeEnumType.Actual).source();

        assertThat(live.value().get()).isEqualTo("0");
        station.install(InstallCertificateUseEnumType.CSMSRootCertificate, TestPki.root("R").pem());
        assertThat(live.value().get()).isEqualTo("1");
        assertThat(entries.characteristics().maxLimit()).isEqualTo(7.0);
    }

    @Test
    void organizationNameChange_isReported_andUsedByTheNextCsr() {
        TestStation station = new TestStation(tmp).start();

        station.set("organizationName", "New CSO Ltd");
        station.set("organizationName", "New CSO Ltd");
        station.trigger();

        assertThat(station.events).containsExactly(
                "ReconfigurationOfSecurityParameters: SecurityCtrlr.OrganizationName changed to \"New CSO Ltd\"");
        assertThat(TestPki.parseCsr(station.link.signCertificates().get(0).csr()).getSubject().toString())
                .contains("O=New CSO Ltd");
    }

    @Test
    void certSigningWaitMinimumChange_appliesToTheNextWait() {
        TestStation station = new TestStation(tmp).start();
        station.link.answer(GenericStatusEnumType.Accepted);
        station.set("certSigningWaitMinimumSeconds", 5);

        station.trigger();
        station.advance(Duration.ofSeconds(5));

        assertThat(station.link.signCertificates()).hasSize(2);
    }
}
