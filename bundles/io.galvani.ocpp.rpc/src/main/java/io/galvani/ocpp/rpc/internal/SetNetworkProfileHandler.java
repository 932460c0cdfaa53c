package io.galvani.ocpp.rpc.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.galvani.ocpp.api.InboundCall;
import io.galvani.ocpp.api.LinkStatus;
import io.galvani.ocpp.api.OcppConnectionListener;
import io.galvani.ocpp.api.OcppRequestHandler;
import io.galvani.ocpp.model.messages.SetNetworkProfileRequest;
import io.galvani.ocpp.model.messages.SetNetworkProfileResponse;
import io.galvani.ocpp.model.types.NetworkConnectionProfileType;
import io.galvani.ocpp.model.types.SetNetworkProfileStatusEnumType;
import io.galvani.ocpp.model.types.StatusInfoType;

/**
 * SetNetworkProfile (B09) and the clean-up after a security-profile upgrade (A05.FR.06).
 *
 * <ul>
 * <li>SetNetworkProfile: validates and stores the profile as property {@code networkProfile.<slot>} of
 * the transport's configuration. Rejected with reasonCode {@code InvalidConfSlot} (slot not in the
 * valuesList of NetworkConfigurationPriority, B09.FR.05), {@code InvalidNetworkConf} (content,
 * B09.FR.02) or {@code NoSecurityDowngrade} (lower securityProfile than the current one, B09.FR.04;
 * AllowSecurityProfileDowngrade is not implemented); Failed if it cannot be stored (B09.FR.03). The
 * slot in use may be overwritten (no requirement forbids it); the transport keeps using the profile it
 * connected with until the next restart (B09 remark).</li>
 * <li>After each successful connection: removes every profile with a lower securityProfile than the
 * connection's and takes those slots out of NetworkConfigurationPriority (A05.FR.06).</li>
 * </ul>
 *
 * <p>The current security profile and slot come from the {@link OcppConnectionListener} callbacks, not
 * from a reference to the transport: the transport binds this handler, and a mandatory reference back
 * would be a cycle that Felix SCR reports as an error at every start.
 */
@Component(service = { OcppRequestHandler.class, OcppConnectionListener.class })
public final class SetNetworkProfileHandler
        implements OcppRequestHandler<SetNetworkProfileRequest, SetNetworkProfileResponse>, OcppConnectionListener {
    private static final Logger logger = LoggerFactory.getLogger(SetNetworkProfileHandler.class);

    static final String INVALID_CONF_SLOT = "InvalidConfSlot";
    static final String INVALID_NETWORK_CONF = "InvalidNetworkConf";
    static final String NO_SECURITY_DOWNGRADE = "NoSecurityDowngrade";

    private final TransportConfigStore store;
    /** The status of the last successful connection, or null before one. */
    private volatile LinkStatus lastConnected;

    @Activate
    public SetNetworkProfileHandler(@Reference ConfigurationAdmin configAdmin) {
        this(TransportConfigStore.of(configAdmin));
    }

    SetNetworkProfileHandler(TransportConfigStore store) {
        this.store = store;
    }

    /**
     * SecurityCtrlr.SecurityProfile: that of the current connection; before the transport told us about
     * one, that of the first slot of NetworkConfigurationPriority (as the transport reports it then).
     */
    private int currentSecurityProfile(NetworkProfiles np) {
        LinkStatus st = lastConnected;
        if (st != null) {
            return st.securityProfile();
        }
        return np.plan().stream().findFirst().flatMap(np::profile).map(NetworkConnectionProfileType::securityProfile)
                .orElse(1);
    }

    @Override
    public Class<SetNetworkProfileRequest> requestType() {
        return SetNetworkProfileRequest.class;
    }

    @Override
    public SetNetworkProfileResponse handle(SetNetworkProfileRequest request, InboundCall call) {
        int slot = request.configurationSlot();
        NetworkConnectionProfileType profile = request.connectionData();
        NetworkProfiles current;
        try {
            current = NetworkProfiles.from(store.read());
        } catch (IOException | RuntimeException e) {
            logger.warn("SetNetworkProfile failed: cannot read the transport configuration: {}", e.toString());
            return failed("cannot read the network configuration");
        }
        if (!current.isSlot(slot)) {
            return rejected(INVALID_CONF_SLOT, "configurationSlot " + slot + " is not one of "
                    + String.join(",", current.valuesList()) + " (valuesList of NetworkConfigurationPriority)");
        }
        Optional<String> invalid = NetworkProfiles.invalid(profile);
        if (invalid.isPresent()) {
            return rejected(INVALID_NETWORK_CONF, invalid.get());
        }
        int active = currentSecurityProfile(current);
        if (profile.securityProfile() < active) {
            return rejected(NO_SECURITY_DOWNGRADE, "securityProfile " + profile.securityProfile()
                    + " is lower than the current security profile " + active);
        }
        try {
            store.write(Map.of(NetworkProfiles.SLOT_PREFIX + slot, NetworkProfiles.encode(profile)));
        } catch (IOException | RuntimeException e) {
            logger.warn("SetNetworkProfile failed: cannot store slot {}: {}", slot, e.toString());
            return failed("cannot store the profile");
        }
        LinkStatus st = lastConnected;
        boolean inUse = st != null && slot == st.activeNetworkProfile();
        logger.info("Network connection profile stored in slot {}: {} with security profile {}{}", slot,
                profile.ocppCsmsUrl(), profile.securityProfile(),
                inUse ? " (the slot in use: used after the next restart)" : "");
        return SetNetworkProfileResponse.of(SetNetworkProfileStatusEnumType.Accepted);
    }

    private static SetNetworkProfileResponse rejected(String reasonCode, String info) {
        logger.info("SetNetworkProfile rejected ({}): {}", reasonCode, info);
        return SetNetworkProfileResponse.of(SetNetworkProfileStatusEnumType.Rejected)
                .withStatusInfo(StatusInfoType.of(reasonCode).withAdditionalInfo(info));
    }

    private static SetNetworkProfileResponse failed(String info) {
        return SetNetworkProfileResponse.of(SetNetworkProfileStatusEnumType.Failed)
                .withStatusInfo(StatusInfoType.of("InternalError").withAdditionalInfo(info));
    }

    // ------------------------------------------------------------------ A05.FR.06

    @Override
    public void connected(LinkStatus status) {
        lastConnected = status;
        int sp = status.securityProfile();
        try {
            NetworkProfiles np = NetworkProfiles.from(store.read());
            List<Integer> removed = new ArrayList<>();
            for (int slot = 1; slot <= np.slotCount(); slot++) {
                int s = slot;
                if (slot != status.activeNetworkProfile()
                        && np.profile(slot).filter(p -> p.securityProfile() < sp).isPresent()) {
                    removed.add(s);
                }
            }
            if (removed.isEmpty()) {
                return;
            }
            Map<String, Object> changes = new HashMap<>();
            removed.forEach(s -> changes.put(NetworkProfiles.SLOT_PREFIX + s, ""));
            List<Integer> priority = new ArrayList<>(np.priority());
            priority.removeAll(removed);
            if (priority.isEmpty() && status.activeNetworkProfile() > 0) {
                priority.add(status.activeNetworkProfile());
            }
            changes.put(NetworkProfiles.PRIORITY, NetworkProfiles.formatPriority(priority));
            store.write(changes);
            logger.info("Connected with security profile {}: removed the network connection profiles of slots {}"
                    + " (lower security profile, A05.FR.06); NetworkConfigurationPriority is now {}", sp, removed,
                    changes.get(NetworkProfiles.PRIORITY));
        } catch (IOException | RuntimeException e) {
            logger.warn("Cannot remove the network connection profiles below security profile {}: {}", sp,
                    e.toString());
        }
    }

    @Override
    public void disconnected(LinkStatus status) {
        // nothing to do
    }
}
