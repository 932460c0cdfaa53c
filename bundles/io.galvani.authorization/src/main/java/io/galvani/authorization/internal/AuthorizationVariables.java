package io.galvani.authorization.internal;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

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

/**
 * The device-model variables of AuthCtrlr and AuthCacheCtrlr (Part 2 appendix §2.3, §2.4). The writable
 * ones are properties of PID {@value AuthorizationConfig#PID}, which {@link AuthorizationService} applies
 * in {@code @Modified}; their defaults are read from {@link AuthorizationConfig}, so the two cannot drift
 * apart. AuthCacheCtrlr.Storage reports the bytes the cache takes on disk, its maxLimit the bound.
 *
 * <p>Not offered: AuthCtrlr.MasterPassGroupId (no Master Pass, C16) and AdditionalInfoItemsPerMessage
 * (AdditionalInfo is not implemented; the variable is only for stations that do).
 */
@Component(service = DeviceModelContribution.class)
public final class AuthorizationVariables implements DeviceModelContribution {
    static final ComponentKey AUTH_CTRLR = ComponentKey.of("AuthCtrlr");
    static final ComponentKey AUTH_CACHE_CTRLR = ComponentKey.of("AuthCacheCtrlr");

    private final List<VariableDefinition> variables;

    @Activate
    public AuthorizationVariables(@Reference AuthorizationService authorization) {
        this.variables = definitions(ValueSource.live(() -> Long.toString(authorization.storageBytes())),
                authorization.storageMaxBytes());
    }

    @Override
    public Collection<VariableDefinition> variables() {
        return variables;
    }

    static List<VariableDefinition> definitions(ValueSource storage, long storageMaxBytes) {
        return List.of(
                flag(AUTH_CTRLR, "Enabled", "authEnabled"),
                flag(AUTH_CTRLR, "AuthorizeRemoteStart", "authorizeRemoteStart"),
                flag(AUTH_CTRLR, "LocalAuthorizeOffline", "localAuthorizeOffline"),
                flag(AUTH_CTRLR, "LocalPreAuthorize", "localPreAuthorize"),
                flag(AUTH_CTRLR, "OfflineTxForUnknownIdEnabled", "offlineTxForUnknownIdEnabled"),
                flag(AUTH_CTRLR, "DisableRemoteAuthorization", "disableRemoteAuthorization"),
                VariableDefinition.builder(AUTH_CACHE_CTRLR, VariableKey.of("Available"), Characteristics.bool())
                        .actual(VariableAttribute.readOnly(ValueSource.constant("true")))
                        .build(),
                flag(AUTH_CACHE_CTRLR, "Enabled", "cacheEnabled"),
                VariableDefinition.builder(AUTH_CACHE_CTRLR, VariableKey.of("LifeTime"),
                        Characteristics.integer().withUnit("s").withMin(0).withMax(Integer.MAX_VALUE))
                        .actual(readWrite("cacheLifeTimeSeconds"))
                        .validator(AuthorizationVariables::checkLifeTime)
                        .build(),
                VariableDefinition.builder(AUTH_CACHE_CTRLR, VariableKey.of("Policy"),
                        Characteristics.optionList(ReplacementPolicy.names().toArray(String[]::new)))
                        .actual(readWrite("cachePolicy"))
                        .validator(AuthorizationVariables::checkPolicy)
                        .build(),
                VariableDefinition.builder(AUTH_CACHE_CTRLR, VariableKey.of("Storage"),
                        Characteristics.integer().withUnit("B").withMin(0).withMax(storageMaxBytes))
                        .actual(VariableAttribute.readOnly(storage))
                        .build(),
                flag(AUTH_CACHE_CTRLR, "DisablePostAuthorize", "cacheDisablePostAuthorize"));
    }

    /** The component's own rule for AuthCacheCtrlr.LifeTime, which the characteristics also state. */
    static Optional<Rejection> checkLifeTime(String value) {
        try {
            long seconds = Long.parseLong(value.trim());
            if (seconds < 0 || seconds > Integer.MAX_VALUE) {
                return Optional.of(Rejection.outOfRange("AuthCacheCtrlr.LifeTime: " + shown(value)
                        + " is not between 0 and " + Integer.MAX_VALUE + " seconds"));
            }
            return Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.of(Rejection.invalid(
                    "AuthCacheCtrlr.LifeTime: " + shown(value) + " is not a whole number of seconds"));
        }
    }

    /** The component's own rule for AuthCacheCtrlr.Policy, which the valuesList also states. */
    static Optional<Rejection> checkPolicy(String value) {
        if (ReplacementPolicy.parse(value).isPresent()) {
            return Optional.empty();
        }
        return Optional.of(Rejection.invalid("AuthCacheCtrlr.Policy: " + shown(value) + " is not one of "
                + String.join(", ", ReplacementPolicy.names())));
    }

    /** The refused value as the rejection names it, short enough for statusInfo.additionalInfo (512). */
    private static String shown(String value) {
        String v = value.length() > 24 ? value.substring(0, 24) + "…" : value;
        return "\"" + v + "\"";
    }

    private static VariableDefinition flag(ComponentKey component, String name, String property) {
        return VariableDefinition.builder(component, VariableKey.of(name), Characteristics.bool())
                .actual(readWrite(property))
                .build();
    }

    private static VariableAttribute readWrite(String property) {
        return VariableAttribute.readWrite(AuthorizationConfig.PID, property, defaultOf(property));
    }

    /** The default of an {@link AuthorizationConfig} attribute, as text. */
    static String defaultOf(String attribute) {
        try {
            return String.valueOf(AuthorizationConfig.class.getMethod(attribute).getDefaultValue());
        } catch (NoSuchMethodException e) {
            throw new IllegalArgumentException("AuthorizationConfig has no attribute " + attribute, e);
        }
    }

    static int defaultInt(String attribute) {
        return Integer.parseInt(defaultOf(attribute));
    }
}
