package io.galvani.authorization.internal;

import static io.galvani.authorization.internal.TestStation.card;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.galvani.devicemodel.api.Rejection;
import io.galvani.devicemodel.api.ValueSource;
import io.galvani.devicemodel.api.VariableAttribute;
import io.galvani.devicemodel.api.VariableDefinition;
import io.galvani.ocpp.model.types.AttributeEnumType;
import io.galvani.ocpp.model.types.AuthorizationStatusEnumType;
import io.galvani.ocpp.model.types.DataEnumType;
import io.galvani.ocpp.model.types.IdTokenInfoType;
import io.galvani.ocpp.model.types.MutabilityEnumType;

/** The device-model contribution: AuthCtrlr and AuthCacheCtrlr (Part 2 appendix §2.3, §2.4). */
class AuthorizationVariablesTest {
    private final List<VariableDefinition> variables = AuthorizationVariables.definitions(ValueSource.constant("0"),
            131_072);

    @TempDir
    Path dir;

    @Test
    void contributesTheVariablesOfBothControllers() {
        assertThat(variables).extracting(VariableDefinition::toString).containsExactly(
                "AuthCtrlr.Enabled", "AuthCtrlr.AuthorizeRemoteStart", "AuthCtrlr.LocalAuthorizeOffline",
                "AuthCtrlr.LocalPreAuthorize", "AuthCtrlr.OfflineTxForUnknownIdEnabled",
                "AuthCtrlr.DisableRemoteAuthorization",
                "AuthCacheCtrlr.Available", "AuthCacheCtrlr.Enabled", "AuthCacheCtrlr.LifeTime", "AuthCacheCtrlr.Policy",
                "AuthCacheCtrlr.Storage", "AuthCacheCtrlr.DisablePostAuthorize");
        assertThat(variables).allSatisfy(v -> {
            assertThat(v.attributes()).containsOnlyKeys(AttributeEnumType.Actual);
            assertThat(v.rebootRequired()).as("%s applies live", v).isFalse();
        });
    }

    @Test
    void writableValuesAreOurConfigurationPropertiesWithItsDefaults() throws Exception {
        int writable = 0;
        for (VariableDefinition v : variables) {
            VariableAttribute actual = v.attributes().get(AttributeEnumType.Actual);
            if (!actual.writable()) {
                continue;
            }
            writable++;
            assertThat(actual.mutability()).isEqualTo(MutabilityEnumType.ReadWrite);
            assertThat(actual.persistent()).isTrue();
            ValueSource.Configured source = (ValueSource.Configured) actual.source();
            assertThat(source.pid()).isEqualTo("io.galvani.authorization");
            Object configDefault = AuthorizationConfig.class.getMethod(source.property()).getDefaultValue();
            assertThat(source.defaultValue()).as(v + " default").isEqualTo(String.valueOf(configDefault));
        }
        assertThat(writable).isEqualTo(10);
        assertThat(Arrays.stream(AuthorizationConfig.class.getDeclaredMethods()).map(m -> m.getName()))
                .as("every configuration attribute but the two Galvani settings is a variable").hasSize(12)
                .contains("cacheStorageMaxBytes", "authorizeTimeoutSeconds");
    }

    @Test
    void defaultsAreThoseOfAPublicDcCharger() {
        assertThat(defaultOf("AuthCtrlr.Enabled")).isEqualTo("true");
        assertThat(defaultOf("AuthCtrlr.AuthorizeRemoteStart")).as("PICS C-48.2").isEqualTo("false");
        assertThat(defaultOf("AuthCtrlr.LocalAuthorizeOffline")).isEqualTo("true");
        assertThat(defaultOf("AuthCtrlr.LocalPreAuthorize")).isEqualTo("false");
        assertThat(defaultOf("AuthCtrlr.OfflineTxForUnknownIdEnabled")).isEqualTo("false");
        assertThat(defaultOf("AuthCtrlr.DisableRemoteAuthorization")).isEqualTo("false");
        assertThat(defaultOf("AuthCacheCtrlr.Enabled")).isEqualTo("true");
        assertThat(defaultOf("AuthCacheCtrlr.LifeTime")).isEqualTo("86400");
        assertThat(defaultOf("AuthCacheCtrlr.Policy")).isEqualTo("LRU");
        assertThat(defaultOf("AuthCacheCtrlr.DisablePostAuthorize")).isEqualTo("false");
    }

    @Test
    void characteristicsFollowTheAppendix() {
        assertThat(variables.stream().filter(v -> v.characteristics().dataType() == DataEnumType._boolean))
                .hasSize(9);
        VariableDefinition lifeTime = variable("AuthCacheCtrlr.LifeTime");
        assertThat(lifeTime.characteristics().dataType()).isEqualTo(DataEnumType.integer);
        assertThat(lifeTime.characteristics().unit()).isEqualTo("s");
        assertThat(lifeTime.characteristics().minLimit()).isEqualTo(0.0);
        VariableDefinition policy = variable("AuthCacheCtrlr.Policy");
        assertThat(policy.characteristics().dataType()).isEqualTo(DataEnumType.OptionList);
        assertThat(policy.characteristics().valuesList()).as("§2.4.5").containsExactly("LRU", "LFU", "FIFO", "CUSTOM");
        VariableDefinition storage = variable("AuthCacheCtrlr.Storage");
        assertThat(storage.characteristics().dataType()).isEqualTo(DataEnumType.integer);
        assertThat(storage.characteristics().unit()).isEqualTo("B");
        assertThat(storage.characteristics().maxLimit()).as("the bound").isEqualTo(131_072.0);
        assertThat(storage.attributes().get(AttributeEnumType.Actual).mutability()).isEqualTo(MutabilityEnumType.ReadOnly);
        VariableAttribute available = variable("AuthCacheCtrlr.Available").attributes().get(AttributeEnumType.Actual);
        assertThat(available.mutability()).isEqualTo(MutabilityEnumType.ReadOnly);
        assertThat(available.source()).isEqualTo(ValueSource.constant("true"));
    }

    @Test
    void badValuesAreRejectedWithAMessageNamingVariableValueAndRule() {
        assertThat(variable("AuthCacheCtrlr.Policy").validator().check("MRU")).get()
                .extracting(Rejection::reasonCode, Rejection::detail)
                .containsExactly("InvalidValue", "AuthCacheCtrlr.Policy: \"MRU\" is not one of LRU, LFU, FIFO, CUSTOM");
        assertThat(variable("AuthCacheCtrlr.Policy").validator().check("lru")).as("case matters").isPresent();
        assertThat(variable("AuthCacheCtrlr.LifeTime").validator().check("-1")).get()
                .extracting(Rejection::reasonCode, Rejection::detail).containsExactly("ValueOutOfRange",
                        "AuthCacheCtrlr.LifeTime: \"-1\" is not between 0 and 2147483647 seconds");
        assertThat(variable("AuthCacheCtrlr.LifeTime").validator().check("3000000000")).isPresent();
        assertThat(variable("AuthCacheCtrlr.LifeTime").validator().check("one day").orElseThrow().detail())
                .contains("not a whole number");
        assertThat(variable("AuthCacheCtrlr.LifeTime").validator().check("x".repeat(600)).orElseThrow().detail())
                .as("fits statusInfo.additionalInfo").hasSizeLessThan(512);
        for (String ok : List.of("LRU", "LFU", "FIFO", "CUSTOM")) {
            assertThat(variable("AuthCacheCtrlr.Policy").validator().check(ok)).isEmpty();
        }
        assertThat(variable("AuthCacheCtrlr.LifeTime").validator().check("0")).isEmpty();
        assertThat(variable("AuthCacheCtrlr.LifeTime").validator().check("86400")).isEmpty();
    }

    @Test
    void storageReportsTheBytesOnDiskLiveAndItsBound() {
        TestStation station = new TestStation(dir).with("cacheStorageMaxBytes", 65_536).start();
        List<VariableDefinition> live = List.copyOf(new AuthorizationVariables(station.service).variables());
        VariableDefinition storage = live.stream().filter(v -> v.toString().equals("AuthCacheCtrlr.Storage"))
                .findFirst().orElseThrow();
        ValueSource.Live value = (ValueSource.Live) storage.attributes().get(AttributeEnumType.Actual).source();
        String empty = value.value().get();

        station.service.idTokenInfoReceived(card("04A2B3C4D5E6F7"), IdTokenInfoType.of(AuthorizationStatusEnumType.Accepted));

        assertThat(Long.parseLong(value.value().get())).isGreaterThan(Long.parseLong(empty));
        assertThat(storage.characteristics().maxLimit()).isEqualTo(65_536.0);
    }

    @Test
    void aTinyBoundIsRaisedToTheMinimum() {
        TestStation station = new TestStation(dir).with("cacheStorageMaxBytes", 10).start();

        assertThat(station.service.storageMaxBytes()).isEqualTo(2048);
    }

    private VariableDefinition variable(String name) {
        return variables.stream().filter(v -> v.toString().equals(name)).findFirst().orElseThrow();
    }

    private String defaultOf(String name) {
        return ((ValueSource.Configured) variable(name).attributes().get(AttributeEnumType.Actual).source())
                .defaultValue();
    }
}
