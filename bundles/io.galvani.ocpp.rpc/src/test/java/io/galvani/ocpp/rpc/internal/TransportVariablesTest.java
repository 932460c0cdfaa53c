package io.galvani.ocpp.rpc.internal;

import static io.galvani.ocpp.rpc.internal.Fakes.profile;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import io.galvani.devicemodel.api.Rejection;
import io.galvani.devicemodel.api.ValueSource;
import io.galvani.devicemodel.api.VariableAttribute;
import io.galvani.devicemodel.api.VariableDefinition;
import io.galvani.ocpp.model.types.AttributeEnumType;
import io.galvani.ocpp.model.types.DataEnumType;
import io.galvani.ocpp.model.types.MutabilityEnumType;

/** The transport's contribution to the device model (OCPPCommCtrlr, SecurityCtrlr). */
class TransportVariablesTest {
    private final Fakes.Store store = new Fakes.Store().with("csmsUrl", "ws://csms-a/ocpp");
    private final Fakes.State state = new Fakes.State();
    private final Map<String, VariableDefinition> defs = TransportVariables.definitions(3, state, store).stream()
            .collect(Collectors.toMap(Object::toString, d -> d));

    private VariableDefinition def(String key) {
        assertThat(defs).containsKey(key);
        return defs.get(key);
    }

    private static VariableAttribute actual(VariableDefinition d) {
        return d.attributes().get(AttributeEnumType.Actual);
    }

    private static String live(VariableDefinition d) {
        return ((ValueSource.Live) actual(d).source()).value().get();
    }

    @Test
    void contributesTheTransportVariables() {
        assertThat(defs.keySet()).containsExactlyInAnyOrder("OCPPCommCtrlr.MessageTimeout[Default]",
                "OCPPCommCtrlr.WebSocketPingInterval", "OCPPCommCtrlr.RetryBackOffWaitMinimum",
                "OCPPCommCtrlr.RetryBackOffRandomRange", "OCPPCommCtrlr.RetryBackOffRepeatTimes",
                "OCPPCommCtrlr.NetworkConfigurationPriority", "OCPPCommCtrlr.NetworkProfileConnectionAttempts",
                "OCPPCommCtrlr.ActiveNetworkProfile", "SecurityCtrlr.Identity", "SecurityCtrlr.SecurityProfile",
                "SecurityCtrlr.AllowCSMSTLSWildcards", "SecurityCtrlr.BasicAuthPassword");
    }

    @Test
    void writableVariablesAreTransportPropertiesWithTheRpcConfigDefaults() {
        Map<String, String> property = Map.of("OCPPCommCtrlr.WebSocketPingInterval", "webSocketPingIntervalSeconds",
                "OCPPCommCtrlr.RetryBackOffWaitMinimum", "retryBackOffWaitMinimumSeconds",
                "OCPPCommCtrlr.RetryBackOffRandomRange", "retryBackOffRandomRangeSeconds",
                "OCPPCommCtrlr.RetryBackOffRepeatTimes", "retryBackOffRepeatTimes",
                "OCPPCommCtrlr.NetworkProfileConnectionAttempts", "networkProfileConnectionAttempts",
                "OCPPCommCtrlr.NetworkConfigurationPriority", "networkConfigurationPriority",
                "SecurityCtrlr.AllowCSMSTLSWildcards", "allowCsmsTlsWildcards");
        property.forEach((key, prop) -> {
            VariableAttribute a = actual(def(key));
            assertThat(a.mutability()).as(key).isEqualTo(MutabilityEnumType.ReadWrite);
            assertThat(a.persistent()).as(key).isTrue();
            ValueSource.Configured c = (ValueSource.Configured) a.source();
            assertThat(c.pid()).isEqualTo("io.galvani.ocpp.rpc");
            assertThat(c.property()).isEqualTo(prop);
            assertThat(c.defaultValue()).as(key).isEqualTo(String.valueOf(RpcDefaults.of(prop)));
        });
        assertThat(String.valueOf(RpcDefaults.of("webSocketPingIntervalSeconds"))).isEqualTo("30");
        assertThat(def("OCPPCommCtrlr.WebSocketPingInterval").characteristics().minLimit()).isEqualTo(0.0);
        assertThat(def("OCPPCommCtrlr.WebSocketPingInterval").characteristics().unit()).isEqualTo("s");
        assertThat(def("OCPPCommCtrlr.NetworkProfileConnectionAttempts").characteristics().minLimit()).isEqualTo(1.0);
    }

    @Test
    void readOnlyVariablesAreLive() {
        state.activeSlot = 2;
        state.securityProfile = 2;
        state.messageTimeout = 45;
        assertThat(actual(def("OCPPCommCtrlr.ActiveNetworkProfile")).mutability()).isEqualTo(MutabilityEnumType.ReadOnly);
        assertThat(live(def("OCPPCommCtrlr.ActiveNetworkProfile"))).isEqualTo("2");
        assertThat(live(def("SecurityCtrlr.SecurityProfile"))).isEqualTo("2");
        assertThat(live(def("OCPPCommCtrlr.MessageTimeout[Default]"))).isEqualTo("45");
        assertThat(def("OCPPCommCtrlr.MessageTimeout[Default]").characteristics().unit()).isEqualTo("s");
        assertThat(live(def("SecurityCtrlr.Identity"))).isEqualTo("CS-1");
        state.activeSlot = 0;
        assertThat(live(def("OCPPCommCtrlr.ActiveNetworkProfile"))).as("no slot yet: no value").isNull();
    }

    @Test
    void networkConfigurationPriorityIsASequenceListOfTheSlotsAndNeedsAReboot() {
        VariableDefinition d = def("OCPPCommCtrlr.NetworkConfigurationPriority");
        assertThat(d.characteristics().dataType()).isEqualTo(DataEnumType.SequenceList);
        assertThat(d.characteristics().valuesList()).containsExactly("1", "2", "3");
        assertThat(d.rebootRequired()).isTrue();
        assertThat(TransportVariables.definitions(5, state, store).stream()
                .filter(v -> v.toString().endsWith("NetworkConfigurationPriority")).findFirst().orElseThrow()
                .characteristics().valuesList()).containsExactly("1", "2", "3", "4", "5");
    }

    @Test
    void B10_FR01_FR02_priorityMayOnlyNameSlotsHoldingAUsableProfile() {
        VariableDefinition d = def("OCPPCommCtrlr.NetworkConfigurationPriority");
        assertThat(d.validator().check("1")).isEmpty();

        Optional<Rejection> r = d.validator().check("2,1");
        assertThat(r).isPresent();
        assertThat(r.get().reasonCode()).isEqualTo("InvalidNetworkConf");
        assertThat(r.get().detail()).isEqualTo("NetworkConfigurationPriority: slot 2 holds no network connection profile");

        store.with("networkProfile.2", NetworkProfiles.encode(profile("ws://csms-b/ocpp", 1)));
        assertThat(d.validator().check("2,1")).as("a SetNetworkProfile just before is seen").isEmpty();
    }

    @Test
    void A05_FR02_FR03_higherSecurityProfileNeedsCertificates() {
        VariableDefinition d = def("OCPPCommCtrlr.NetworkConfigurationPriority");
        store.with("networkProfile.2", NetworkProfiles.encode(profile("wss://csms-b/ocpp", 2)))
                .with("networkProfile.3", NetworkProfiles.encode(profile("wss://csms-c/ocpp", 3)));

        Optional<Rejection> r = d.validator().check("2,1");
        assertThat(r.get().reasonCode()).isEqualTo("InvalidNetworkConf");
        assertThat(r.get().detail()).contains("slot 2").contains("security profile 2").contains("CSMSRootCertificate");

        state.csmsRoot = true;
        assertThat(d.validator().check("2,1")).isEmpty();
        assertThat(d.validator().check("3,1").get().detail()).contains("ChargingStationCertificate");
        state.stationCert = true;
        assertThat(d.validator().check("3,2,1")).isEmpty();
    }

    @Test
    void A05_FR10_priorityMustNotDowngrade() {
        VariableDefinition d = def("OCPPCommCtrlr.NetworkConfigurationPriority");
        store.with("networkProfile.2", NetworkProfiles.encode(profile("wss://csms-b/ocpp", 2)));
        state.securityProfile = 2;
        assertThat(d.validator().check("2")).isEmpty();
        Optional<Rejection> r = d.validator().check("2,1");
        assertThat(r.get().reasonCode()).isEqualTo("NoSecurityDowngrade");
        assertThat(r.get().detail()).isEqualTo(
                "NetworkConfigurationPriority: slot 1 has security profile 1, lower than the current 2");
    }

    @Test
    void integerValidatorsNameTheVariableAndTheLimit() {
        Optional<Rejection> r = def("OCPPCommCtrlr.WebSocketPingInterval").validator().check("-1");
        assertThat(r.get().reasonCode()).isEqualTo("ValueOutOfRange");
        assertThat(r.get().detail()).isEqualTo("WebSocketPingInterval must be at least 0 (0 disables client pings)");
        assertThat(def("OCPPCommCtrlr.WebSocketPingInterval").validator().check("0")).isEmpty();
        assertThat(def("OCPPCommCtrlr.NetworkProfileConnectionAttempts").validator().check("0").get().detail())
                .isEqualTo("NetworkProfileConnectionAttempts must be at least 1");
        assertThat(def("OCPPCommCtrlr.RetryBackOffRepeatTimes").validator().check("x").get().detail())
                .isEqualTo("RetryBackOffRepeatTimes must be an integer");
    }

    @Test
    void basicAuthPasswordIsWriteOnlyAndItsValueNeverAppearsInARejection() {
        VariableDefinition d = def("SecurityCtrlr.BasicAuthPassword");
        VariableAttribute a = actual(d);
        assertThat(a.mutability()).isEqualTo(MutabilityEnumType.WriteOnly);
        assertThat(((ValueSource.Configured) a.source()).property()).isEqualTo(".basicAuthPassword");
        assertThat(d.characteristics().minLimit()).isEqualTo(16.0);
        assertThat(d.characteristics().maxLimit()).isEqualTo(40.0);

        assertThat(d.validator().check("Abcdefgh12345678")).isEmpty();
        assertThat(d.validator().check("x".repeat(40) + "*-_=:+|@.")).isPresent();
        assertThat(d.validator().check("*-_=:+|@.ABCDEFGH0123")).isEmpty();
        for (String bad : List.of("short-secret-15", "y".repeat(41), "contains space 1234", "ümlautpassword123456",
                "tab\tpassword12345678")) {
            Optional<Rejection> r = d.validator().check(bad);
            assertThat(r).as(bad).isPresent();
            assertThat(r.get().detail()).startsWith("BasicAuthPassword").doesNotContain(bad);
            assertThat(r.get().toString()).doesNotContain(bad);
        }
        assertThat(d.validator().check("short-secret-15").get().detail())
                .isEqualTo("BasicAuthPassword must have 16 to 40 characters");
        assertThat(d.toString()).isEqualTo("SecurityCtrlr.BasicAuthPassword");
    }
}
