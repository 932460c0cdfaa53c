package io.galvani.ocpp.rpc.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.galvani.devicemodel.api.Characteristics;
import io.galvani.devicemodel.api.ComponentKey;
import io.galvani.devicemodel.api.DeviceModelContribution;
import io.galvani.devicemodel.api.Rejection;
import io.galvani.devicemodel.api.ValueSource;
import io.galvani.devicemodel.api.ValueValidator;
import io.galvani.devicemodel.api.VariableAttribute;
import io.galvani.devicemodel.api.VariableDefinition;
import io.galvani.devicemodel.api.VariableKey;
import io.galvani.ocpp.model.types.NetworkConnectionProfileType;

/**
 * The transport's device-model variables (OCPPCommCtrlr, and SecurityCtrlr until a security bundle
 * owns it): registers one {@link DeviceModelContribution} while the transport is configured. Every
 * writable variable is a property of the transport's configuration (PID {@value OcppRpcLink#PID}) with
 * the default of {@link RpcConfig}; read-only ones are read live from {@link NetworkState}.
 *
 * <p>The valuesList of NetworkConfigurationPriority is the slot count; when {@code networkProfileSlots}
 * changes, the contribution is registered again (the device model reads a contribution once).
 */
@Component(configurationPid = OcppRpcLink.PID, configurationPolicy = ConfigurationPolicy.REQUIRE)
public final class TransportVariables {
    private static final Logger logger = LoggerFactory.getLogger(TransportVariables.class);

    static final ComponentKey COMM = ComponentKey.of("OCPPCommCtrlr");
    static final ComponentKey SECURITY = ComponentKey.of("SecurityCtrlr");
    static final int PASSWORD_MIN = 16;
    static final int PASSWORD_MAX = 40;

    private final BundleContext context;
    private final NetworkState state;
    private final TransportConfigStore store;
    private ServiceRegistration<DeviceModelContribution> registration;
    private int slots;

    @Activate
    public TransportVariables(BundleContext context, @Reference NetworkState state,
            @Reference ConfigurationAdmin configAdmin, Map<String, Object> properties) {
        this.context = context;
        this.state = state;
        this.store = TransportConfigStore.of(configAdmin);
        register(NetworkProfiles.from(properties).slotCount());
    }

    @Modified
    synchronized void modified(Map<String, Object> properties) {
        int now = NetworkProfiles.from(properties).slotCount();
        if (now != slots) {
            unregister();
            register(now);
        }
    }

    @Deactivate
    synchronized void deactivate() {
        unregister();
    }

    private synchronized void register(int slotCount) {
        List<VariableDefinition> defs = definitions(slotCount, state, store);
        this.slots = slotCount;
        DeviceModelContribution contribution = () -> defs;
        registration = context.registerService(DeviceModelContribution.class, contribution, new Hashtable<>(
                Map.of("component.owner", OcppRpcLink.PID)));
        logger.debug("Device-model variables of the transport registered ({} slots)", slotCount);
    }

    private void unregister() {
        if (registration != null) {
            try {
                registration.unregister();
            } catch (IllegalStateException e) {
                // already gone with the bundle
            }
            registration = null;
        }
    }

    // ------------------------------------------------------------------ definitions

    /** The variables for {@code slotCount} configuration slots. */
    static List<VariableDefinition> definitions(int slotCount, NetworkState state, TransportConfigStore store) {
        String pid = OcppRpcLink.PID;
        List<VariableDefinition> d = new ArrayList<>();
        d.add(VariableDefinition.builder(COMM, VariableKey.of("MessageTimeout", "Default"),
                Characteristics.integer().withUnit("s"))
                .actual(VariableAttribute.readOnly(ValueSource.live(() -> Integer.toString(state.messageTimeoutSeconds()))))
                .build());
        d.add(integer(COMM, "WebSocketPingInterval", "webSocketPingIntervalSeconds", "s", 0,
                " (0 disables client pings)"));
        d.add(integer(COMM, "RetryBackOffWaitMinimum", "retryBackOffWaitMinimumSeconds", "s", 0, ""));
        d.add(integer(COMM, "RetryBackOffRandomRange", "retryBackOffRandomRangeSeconds", "s", 0, ""));
        d.add(integer(COMM, "RetryBackOffRepeatTimes", "retryBackOffRepeatTimes", null, 0, ""));
        d.add(integer(COMM, "NetworkProfileConnectionAttempts", NetworkProfiles.ATTEMPTS, null, 1, ""));
        List<String> slots = new ArrayList<>();
        for (int s = 1; s <= slotCount; s++) {
            slots.add(Integer.toString(s));
        }
        d.add(VariableDefinition.builder(COMM, VariableKey.of("NetworkConfigurationPriority"),
                Characteristics.sequenceList(slots.toArray(String[]::new)))
                .actual(VariableAttribute.readWrite(pid, NetworkProfiles.PRIORITY, NetworkProfiles.DEFAULT_PRIORITY))
                .rebootRequired()
                .validator(priorityValidator(state, store))
                .build());
        d.add(VariableDefinition.builder(COMM, VariableKey.of("ActiveNetworkProfile"), Characteristics.integer())
                .actual(VariableAttribute.readOnly(ValueSource.live(() -> {
                    int slot = state.activeNetworkProfile();
                    return slot == 0 ? null : Integer.toString(slot);
                })))
                .build());
        d.add(VariableDefinition.builder(SECURITY, VariableKey.of("Identity"), Characteristics.string().withMax(48))
                .actual(VariableAttribute.readOnly(ValueSource.live(state::stationId)))
                .build());
        d.add(VariableDefinition.builder(SECURITY, VariableKey.of("SecurityProfile"), Characteristics.integer())
                .actual(VariableAttribute.readOnly(ValueSource.live(() -> Integer.toString(state.securityProfile()))))
                .build());
        d.add(VariableDefinition.builder(SECURITY, VariableKey.of("AllowCSMSTLSWildcards"), Characteristics.bool())
                .actual(VariableAttribute.readWrite(pid, "allowCsmsTlsWildcards",
                        RpcDefaults.of("allowCsmsTlsWildcards").toString()))
                .build());
        d.add(VariableDefinition.builder(SECURITY, VariableKey.of("BasicAuthPassword"),
                Characteristics.string().withMin(PASSWORD_MIN).withMax(PASSWORD_MAX))
                .actual(VariableAttribute.writeOnly(pid, ".basicAuthPassword"))
                .validator(TransportVariables::checkPassword)
                .build());
        return List.copyOf(d);
    }

    /** A ReadWrite integer kept in {@code property}, default from RpcConfig, at least {@code min}. */
    private static VariableDefinition integer(ComponentKey component, String name, String property, String unit,
            int min, String note) {
        Characteristics c = Characteristics.integer().withMin(min);
        if (unit != null) {
            c = c.withUnit(unit);
        }
        return VariableDefinition.builder(component, VariableKey.of(name), c)
                .actual(VariableAttribute.readWrite(OcppRpcLink.PID, property,
                        Integer.toString(RpcDefaults.integer(property))))
                .validator(value -> {
                    try {
                        if (Integer.parseInt(value.trim()) >= min) {
                            return Optional.empty();
                        }
                    } catch (NumberFormatException e) {
                        return Optional.of(Rejection.invalid(name + " must be an integer"));
                    }
                    return Optional.of(Rejection.outOfRange(name + " must be at least " + min + note));
                })
                .build();
    }

    /**
     * BasicAuthPassword: 16 to 40 printable ASCII characters without spaces (passwordString, A00.FR.205).
     * The message never contains the value.
     */
    static Optional<Rejection> checkPassword(String value) {
        if (value.length() < PASSWORD_MIN || value.length() > PASSWORD_MAX) {
            return Optional.of(Rejection.outOfRange("BasicAuthPassword must have " + PASSWORD_MIN + " to "
                    + PASSWORD_MAX + " characters"));
        }
        for (int i = 0; i < value.length(); i++) {
            char ch = value.charAt(i);
            if (ch < 0x21 || ch > 0x7e) {
                return Optional.of(Rejection.invalid("BasicAuthPassword may only contain printable ASCII characters"
                        + " without spaces (passwordString)"));
            }
        }
        return Optional.empty();
    }

    /**
     * NetworkConfigurationPriority (B10.FR.01/02, A05.FR.02/03/10): every slot must hold a profile the
     * transport can use, none with a lower security profile than the current one, and a higher
     * security profile needs its certificates. Reads the configuration from Config Admin, so a
     * SetNetworkProfile a moment earlier is seen.
     */
    static ValueValidator priorityValidator(NetworkState state, TransportConfigStore store) {
        return value -> {
            NetworkProfiles np;
            try {
                np = NetworkProfiles.from(store.read());
            } catch (IOException | RuntimeException e) {
                return Optional.of(new Rejection("InternalError", "NetworkConfigurationPriority: cannot read the"
                        + " network connection profiles"));
            }
            List<Integer> slots = new ArrayList<>();
            for (String part : value.split(",")) {
                if (part.isBlank()) {
                    continue;
                }
                try {
                    slots.add(Integer.parseInt(part.trim()));
                } catch (NumberFormatException e) {
                    return Optional.of(Rejection.invalid("NetworkConfigurationPriority: '" + part.trim()
                            + "' is not a slot number"));
                }
            }
            if (slots.isEmpty()) {
                return Optional.of(Rejection.invalid("NetworkConfigurationPriority must name at least one slot"));
            }
            int current = state.securityProfile();
            for (int slot : slots) {
                Optional<NetworkConnectionProfileType> p = np.profile(slot);
                if (p.isEmpty()) {
                    return Optional.of(new Rejection("InvalidNetworkConf", "NetworkConfigurationPriority: slot " + slot
                            + " holds no network connection profile"));
                }
                Optional<String> unusable = NetworkProfiles.usable(p.get());
                if (unusable.isPresent()) {
                    return Optional.of(new Rejection("InvalidNetworkConf", "NetworkConfigurationPriority: slot " + slot
                            + ": " + unusable.get()));
                }
                int sp = p.get().securityProfile();
                if (sp < current) {
                    return Optional.of(new Rejection("NoSecurityDowngrade", "NetworkConfigurationPriority: slot "
                            + slot + " has security profile " + sp + ", lower than the current " + current));
                }
                if (sp > current && sp >= 2 && !state.csmsRootCertificateInstalled()) {
                    return Optional.of(new Rejection("InvalidNetworkConf", "NetworkConfigurationPriority: slot "
                            + slot + " has security profile " + sp + ", which needs a CSMSRootCertificate; none is"
                            + " installed"));
                }
                if (sp > current && sp == 3 && !state.stationCertificateInstalled()) {
                    return Optional.of(new Rejection("InvalidNetworkConf", "NetworkConfigurationPriority: slot "
                            + slot + " has security profile 3, which needs a ChargingStationCertificate; none is"
                            + " installed"));
                }
            }
            return Optional.empty();
        };
    }

    /** For tests: the variables as one contribution. */
    static DeviceModelContribution contribution(int slotCount, NetworkState state, TransportConfigStore store) {
        Collection<VariableDefinition> defs = definitions(slotCount, state, store);
        return () -> defs;
    }
}
