package io.galvani.devicemodel.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.galvani.devicemodel.api.Characteristics;
import io.galvani.devicemodel.api.ComponentKey;
import io.galvani.devicemodel.api.Rejection;
import io.galvani.devicemodel.api.ValueSource;
import io.galvani.devicemodel.api.VariableAttribute;
import io.galvani.devicemodel.api.VariableDefinition;
import io.galvani.devicemodel.api.VariableKey;
import io.galvani.devicemodel.api.VariableRead;
import io.galvani.devicemodel.api.VariableWrite;
import io.galvani.ocpp.model.types.AttributeEnumType;
import io.galvani.ocpp.model.types.GetVariableStatusEnumType;
import io.galvani.ocpp.model.types.MutabilityEnumType;
import io.galvani.ocpp.model.types.SetVariableStatusEnumType;

class DeviceModelServiceTest {
    static final ComponentKey COMM = ComponentKey.of("OCPPCommCtrlr");
    static final ComponentKey SECURITY = ComponentKey.of("SecurityCtrlr");
    static final VariableKey HEARTBEAT = VariableKey.of("HeartbeatInterval");
    static final VariableKey PING = VariableKey.of("WebSocketPingInterval");
    static final VariableKey PRIORITY = VariableKey.of("NetworkConfigurationPriority");
    static final VariableKey PASSWORD = VariableKey.of("BasicAuthPassword");

    final Fixture f = new Fixture();

    static VariableDefinition heartbeat() {
        return VariableDefinition.builder(COMM, HEARTBEAT, Characteristics.integer().withUnit("s").withMin(1))
                .actual(VariableAttribute.readWrite("prov", "heartbeatIntervalSeconds", "60")).build();
    }

    static VariableDefinition ping() {
        return VariableDefinition.builder(COMM, PING, Characteristics.integer().withMin(0))
                .actual(VariableAttribute.readWrite("rpc", "webSocketPingIntervalSeconds", "30")).build();
    }

    static VariableDefinition priority() {
        return VariableDefinition.builder(COMM, PRIORITY, Characteristics.sequenceList("1", "2", "3"))
                .actual(VariableAttribute.readWrite("rpc", "networkConfigurationPriority", "1"))
                .validator(v -> v.contains("3") ? Optional.of(Rejection.invalid("slot 3 is empty")) : Optional.empty())
                .rebootRequired().build();
    }

    static VariableDefinition password() {
        return VariableDefinition.builder(SECURITY, PASSWORD, Characteristics.string().withMin(16).withMax(40))
                .actual(VariableAttribute.writeOnly("rpc", ".basicAuthPassword")).build();
    }

    @Test
    void readsDefaultsThenStoredValues() {
        f.contribute(0, heartbeat());
        assertThat(f.model.read(COMM, HEARTBEAT, null)).isEqualTo(VariableRead.accepted("60"));
        f.store.configs.put("prov", new java.util.HashMap<>(Map.of("heartbeatIntervalSeconds", 300)));
        assertThat(f.model.read(COMM, HEARTBEAT, AttributeEnumType.Actual).value()).isEqualTo("300");
    }

    @Test
    void readStatusesFollowB06() {
        f.contribute(0, heartbeat(), password());
        assertThat(f.model.read(ComponentKey.of("Nope"), HEARTBEAT, null).status())
                .isEqualTo(GetVariableStatusEnumType.UnknownComponent);
        assertThat(f.model.read(COMM, VariableKey.of("Nope"), null).status())
                .isEqualTo(GetVariableStatusEnumType.UnknownVariable);
        assertThat(f.model.read(COMM, HEARTBEAT, AttributeEnumType.MaxSet).status())
                .isEqualTo(GetVariableStatusEnumType.NotSupportedAttributeType);
        VariableRead secret = f.model.read(SECURITY, PASSWORD, null);
        assertThat(secret.status()).isEqualTo(GetVariableStatusEnumType.Rejected);
        assertThat(secret.value()).isNull();
        assertThat(secret.rejection().reasonCode()).isEqualTo("WriteOnly");
    }

    @Test
    void componentOnAnEvseIsNotTheStationWideOne() {
        ComponentKey evse = ComponentKey.of("EVSE").atEvse(1);
        f.contribute(0, VariableDefinition.builder(evse, VariableKey.of("Available"), Characteristics.bool())
                .actual(VariableAttribute.readOnly(ValueSource.constant("true"))).build());
        assertThat(f.model.read(evse, VariableKey.of("Available"), null).value()).isEqualTo("true");
        assertThat(f.model.read(ComponentKey.of("EVSE").atEvse(2), VariableKey.of("Available"), null).status())
                .isEqualTo(GetVariableStatusEnumType.UnknownComponent);
    }

    @Test
    void liveValuesAreReadEachTimeAndUnsetReadsEmpty() {
        AtomicInteger n = new AtomicInteger();
        f.contribute(0,
                VariableDefinition.builder(ComponentKey.of("ClockCtrlr"), VariableKey.of("DateTime"),
                        Characteristics.dateTime()).actual(VariableAttribute.readOnly(
                                ValueSource.live(() -> "2026-11-25T00:00:0" + n.incrementAndGet() + "Z"))).build(),
                VariableDefinition.builder(COMM, VariableKey.of("Empty"), Characteristics.string())
                        .actual(VariableAttribute.readOnly(ValueSource.live(() -> null))).build());
        assertThat(f.model.read(ComponentKey.of("ClockCtrlr"), VariableKey.of("DateTime"), null).value()).endsWith("1Z");
        assertThat(f.model.read(ComponentKey.of("ClockCtrlr"), VariableKey.of("DateTime"), null).value()).endsWith("2Z");
        assertThat(f.model.read(COMM, VariableKey.of("Empty"), null)).isEqualTo(VariableRead.accepted(""));
    }

    @Test
    void writesAreTypedAndReachTheOwnersConfiguration() {
        f.contribute(0, heartbeat());
        assertThat(f.model.write(COMM, HEARTBEAT, null, "300")).isEqualTo(VariableWrite.ACCEPTED);
        assertThat(f.store.configs.get("prov")).containsEntry("heartbeatIntervalSeconds", 300);
    }

    @Test
    void writeStatusesFollowB05() {
        f.contribute(0, heartbeat(), priority());
        f.contribute(0, VariableDefinition.builder(COMM, VariableKey.of("Fixed"), Characteristics.bool())
                .actual(VariableAttribute.readOnly(ValueSource.constant("false"))).build());
        assertThat(f.model.write(ComponentKey.of("Nope"), HEARTBEAT, null, "1").status())
                .isEqualTo(SetVariableStatusEnumType.UnknownComponent);
        assertThat(f.model.write(COMM, VariableKey.of("Nope"), null, "1").status())
                .isEqualTo(SetVariableStatusEnumType.UnknownVariable);
        assertThat(f.model.write(COMM, HEARTBEAT, AttributeEnumType.Target, "1").status())
                .isEqualTo(SetVariableStatusEnumType.NotSupportedAttributeType);
        VariableWrite ro = f.model.write(COMM, VariableKey.of("Fixed"), null, "true");
        assertThat(ro.status()).isEqualTo(SetVariableStatusEnumType.Rejected);
        assertThat(ro.rejection().reasonCode()).isEqualTo("ReadOnly");
        assertThat(f.model.write(COMM, PRIORITY, null, "2,1")).isEqualTo(VariableWrite.REBOOT_REQUIRED);
        assertThat(f.store.configs.get("rpc")).containsEntry("networkConfigurationPriority", "2,1");
    }

    @Test
    void invalidValuesAreRejectedWithAReasonNamingTheVariableAndNothingIsStored() {
        f.contribute(0, heartbeat(), priority());
        VariableWrite low = f.model.write(COMM, HEARTBEAT, null, "0");
        assertThat(low.status()).isEqualTo(SetVariableStatusEnumType.Rejected);
        assertThat(low.rejection()).isEqualTo(new Rejection("ValueOutOfRange", "OCPPCommCtrlr.HeartbeatInterval: below minimum 1"));
        assertThat(f.model.write(COMM, HEARTBEAT, null, "abc").rejection().detail())
                .isEqualTo("OCPPCommCtrlr.HeartbeatInterval: not an integer");
        VariableWrite custom = f.model.write(COMM, PRIORITY, null, "1,3");
        assertThat(custom.rejection()).isEqualTo(Rejection.invalid("slot 3 is empty"));
        assertThat(f.model.write(COMM, PRIORITY, null, "1,4").rejection().detail())
                .isEqualTo("OCPPCommCtrlr.NetworkConfigurationPriority: '4' is not one of 1,2,3");
        assertThat(f.store.updates).isEmpty();
    }

    @Test
    void aSecretIsWrittenButNeverEchoedInARejection() {
        f.contribute(0, password());
        assertThat(f.model.write(SECURITY, PASSWORD, null, "0123456789abcdef").status())
                .isEqualTo(SetVariableStatusEnumType.Accepted);
        assertThat(f.store.configs.get("rpc")).containsEntry(".basicAuthPassword", "0123456789abcdef");
        VariableWrite shortOne = f.model.write(SECURITY, PASSWORD, null, "tooShortSecret");
        assertThat(shortOne.status()).isEqualTo(SetVariableStatusEnumType.Rejected);
        assertThat(shortOne.rejection().detail()).doesNotContain("tooShortSecret");
    }

    @Test
    void aBatchUpdatesEachConfigurationOnceAndAFailedStoreRejectsOnlyItsItems() {
        f.contribute(0, heartbeat(), ping(), priority());
        List<VariableWrite> results = f.model.writeAll(List.of(
                new DeviceModelService.WriteItem(COMM, PING, null, "10"),
                new DeviceModelService.WriteItem(COMM, HEARTBEAT, null, "120"),
                new DeviceModelService.WriteItem(COMM, PRIORITY, null, "2,1"),
                new DeviceModelService.WriteItem(COMM, PING, null, "-1")));
        assertThat(results).extracting(VariableWrite::status).containsExactly(SetVariableStatusEnumType.Accepted,
                SetVariableStatusEnumType.Accepted, SetVariableStatusEnumType.RebootRequired,
                SetVariableStatusEnumType.Rejected);
        assertThat(f.store.updates).containsExactly("rpc", "prov");
        assertThat(f.store.configs.get("rpc")).containsEntry("webSocketPingIntervalSeconds", 10);

        f.store.failing = "rpc";
        results = f.model.writeAll(List.of(new DeviceModelService.WriteItem(COMM, PING, null, "20"),
                new DeviceModelService.WriteItem(COMM, HEARTBEAT, null, "90")));
        assertThat(results.get(0).status()).isEqualTo(SetVariableStatusEnumType.Rejected);
        assertThat(results.get(0).rejection().reasonCode()).isEqualTo("InternalError");
        assertThat(results.get(1).status()).isEqualTo(SetVariableStatusEnumType.Accepted);
        assertThat(f.store.configs.get("rpc")).containsEntry("webSocketPingIntervalSeconds", 10);
    }

    @Test
    void booleansAreStoredCanonically() {
        f.contribute(0, VariableDefinition.builder(COMM, VariableKey.of("QueueAllMessages"), Characteristics.bool())
                .actual(VariableAttribute.readWrite("rpc", "queueAllMessages", "false")).build());
        assertThat(f.model.write(COMM, VariableKey.of("QueueAllMessages"), null, "True").status())
                .isEqualTo(SetVariableStatusEnumType.Accepted);
        assertThat(f.model.read(COMM, VariableKey.of("QueueAllMessages"), null).value()).isEqualTo("true");
        assertThat(f.model.write(COMM, VariableKey.of("QueueAllMessages"), null, "yes").status())
                .isEqualTo(SetVariableStatusEnumType.Rejected);
    }

    @Test
    void aWithdrawnContributionTakesItsVariablesAlong() {
        DeviceModelService.Precedence p = f.contribute(0, heartbeat(), ping());
        assertThat(f.model.definitions()).extracting(VariableDefinition::variable).contains(HEARTBEAT, PING);
        f.model.withdraw(p);
        assertThat(f.model.definitions()).extracting(VariableDefinition::variable).doesNotContain(HEARTBEAT, PING);
        assertThat(f.model.read(COMM, HEARTBEAT, null).status()).isEqualTo(GetVariableStatusEnumType.UnknownComponent);
    }

    @Test
    void theHigherRankedDefinitionWins() {
        f.contribute(0, heartbeat());
        f.contribute(10, VariableDefinition.builder(COMM, HEARTBEAT, Characteristics.integer())
                .actual(VariableAttribute.readOnly(ValueSource.constant("42"))).build());
        assertThat(f.model.read(COMM, HEARTBEAT, null).value()).isEqualTo("42");
        assertThat(f.model.definition(COMM, HEARTBEAT).orElseThrow().attributes().get(AttributeEnumType.Actual)
                .mutability()).isEqualTo(MutabilityEnumType.ReadOnly);
    }

    @Test
    void reportedValuesAreCutAtReportingValueSize() {
        Fixture small = new Fixture(Map.of("reportingValueSize", 5));
        small.contribute(0, VariableDefinition.builder(COMM, VariableKey.of("Long"), Characteristics.string())
                .actual(VariableAttribute.readOnly(ValueSource.constant("0123456789"))).build());
        assertThat(small.model.read(COMM, VariableKey.of("Long"), null).value()).isEqualTo("01234");
    }
}
