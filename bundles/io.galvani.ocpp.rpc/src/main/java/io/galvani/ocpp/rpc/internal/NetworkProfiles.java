package io.galvani.ocpp.rpc.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.galvani.ocpp.model.OcppJson;
import io.galvani.ocpp.model.PayloadViolation;
import io.galvani.ocpp.model.types.NetworkConnectionProfileType;
import io.galvani.ocpp.model.types.OCPPInterfaceEnumType;
import io.galvani.ocpp.model.types.OCPPTransportEnumType;
import io.galvani.ocpp.model.types.OCPPVersionEnumType;

/**
 * The network connection profiles in the transport's configuration (OCPP 2.0.1 B09/B10): the
 * configuration slots {@code 1..networkProfileSlots}, each holding a NetworkConnectionProfileType
 * as JSON in property {@code networkProfile.<slot>}; NetworkConfigurationPriority; and
 * NetworkProfileConnectionAttempts. Without a {@code networkProfile.1} property, slot 1 is built
 * from the older flat properties {@code csmsUrl}, {@code securityProfile} and
 * {@code messageTimeoutSeconds}, so existing installations keep working; an empty string empties a
 * slot. Immutable; reads the configuration leniently (numbers may arrive as strings after
 * interpolation).
 */
final class NetworkProfiles {
    static final String SLOT_PREFIX = "networkProfile.";
    static final String SLOTS = "networkProfileSlots";
    static final String PRIORITY = "networkConfigurationPriority";
    static final String ATTEMPTS = "networkProfileConnectionAttempts";

    static final int DEFAULT_SLOTS = RpcDefaults.integer("networkProfileSlots");
    static final String DEFAULT_PRIORITY = RpcDefaults.string("networkConfigurationPriority");
    static final int DEFAULT_ATTEMPTS = RpcDefaults.integer("networkProfileConnectionAttempts");

    private final int slotCount;
    private final SortedMap<Integer, NetworkConnectionProfileType> profiles;
    private final Map<Integer, String> unreadable;
    private final boolean slot1Derived;
    private final List<Integer> priority;
    private final int attempts;

    private NetworkProfiles(int slotCount, SortedMap<Integer, NetworkConnectionProfileType> profiles,
            Map<Integer, String> unreadable, boolean slot1Derived, List<Integer> priority, int attempts) {
        this.slotCount = slotCount;
        this.profiles = Collections.unmodifiableSortedMap(profiles);
        this.unreadable = Map.copyOf(unreadable);
        this.slot1Derived = slot1Derived;
        this.priority = List.copyOf(priority);
        this.attempts = attempts;
    }

    /** Reads the profiles from the configuration properties of PID io.galvani.ocpp.rpc. */
    static NetworkProfiles from(Map<String, ?> props) {
        int slots = Math.max(2, Math.min(9, intOf(props.get(SLOTS), DEFAULT_SLOTS)));
        SortedMap<Integer, NetworkConnectionProfileType> found = new TreeMap<>();
        Map<Integer, String> broken = new TreeMap<>();
        boolean derived = false;
        for (int slot = 1; slot <= slots; slot++) {
            Object raw = props.get(SLOT_PREFIX + slot);
            if (raw == null) {
                if (slot == 1) {
                    NetworkConnectionProfileType p = legacyProfile(props);
                    if (p != null) {
                        found.put(1, p);
                        derived = true;
                    }
                }
                continue;
            }
            String json = raw.toString().trim();
            if (json.isEmpty()) {
                continue;
            }
            try {
                found.put(slot, decode(json));
            } catch (IllegalArgumentException e) {
                broken.put(slot, e.getMessage());
            }
        }
        Object pr = props.get(PRIORITY);
        List<Integer> priority = parsePriority(pr == null ? DEFAULT_PRIORITY : pr.toString(), slots);
        int attempts = Math.max(1, intOf(props.get(ATTEMPTS), DEFAULT_ATTEMPTS));
        return new NetworkProfiles(slots, found, broken, derived, priority, attempts);
    }

    /** Slot 1 as built from csmsUrl, securityProfile and messageTimeoutSeconds; null without csmsUrl. */
    private static NetworkConnectionProfileType legacyProfile(Map<String, ?> props) {
        Object url = props.get("csmsUrl");
        if (url == null || url.toString().isBlank()) {
            return null;
        }
        return NetworkConnectionProfileType.of(OCPPVersionEnumType.OCPP20, OCPPTransportEnumType.JSON,
                url.toString().trim(),
                intOf(props.get("messageTimeoutSeconds"), RpcDefaults.integer("messageTimeoutSeconds")),
                intOf(props.get("securityProfile"), RpcDefaults.integer("securityProfile")),
                OCPPInterfaceEnumType.Wired0);
    }

    int slotCount() {
        return slotCount;
    }

    /** The slot numbers, i.e. the valuesList of NetworkConfigurationPriority. */
    List<String> valuesList() {
        return IntStream.rangeClosed(1, slotCount).mapToObj(Integer::toString).toList();
    }

    boolean isSlot(int slot) {
        return slot >= 1 && slot <= slotCount;
    }

    Optional<NetworkConnectionProfileType> profile(int slot) {
        return Optional.ofNullable(profiles.get(slot));
    }

    /** Slot 1 is built from the flat properties csmsUrl, securityProfile, messageTimeoutSeconds. */
    boolean slot1Derived() {
        return slot1Derived;
    }

    /** Why the profile in {@code slot} cannot be read, if it cannot. */
    Optional<String> unreadable(int slot) {
        return Optional.ofNullable(unreadable.get(slot));
    }

    /** NetworkConfigurationPriority: valid slot numbers in order, each once. */
    List<Integer> priority() {
        return priority;
    }

    int attempts() {
        return attempts;
    }

    /**
     * The slots to connect with, in order: the entries of NetworkConfigurationPriority whose slot holds
     * a profile the transport can use.
     */
    List<Integer> plan() {
        return priority.stream().filter(s -> profile(s).filter(p -> usable(p).isEmpty()).isPresent()).toList();
    }

    /** Why no entry of NetworkConfigurationPriority can be used (for the log when {@link #plan()} is empty). */
    String whyNoPlan() {
        if (priority.isEmpty()) {
            return "NetworkConfigurationPriority lists no slot between 1 and " + slotCount;
        }
        List<String> reasons = new ArrayList<>();
        for (int s : priority) {
            String why = unreadable(s).map(u -> "its profile cannot be read: " + u)
                    .orElseGet(() -> profile(s).map(p -> usable(p).orElse("?"))
                            .orElse(s == 1 ? "csmsUrl is not configured" : "it holds no profile"));
            reasons.add(priority.size() == 1 && s == 1 && !profiles.containsKey(1) ? why : "slot " + s + ": " + why);
        }
        return String.join("; ", reasons);
    }

    /** Whether the transport can connect with {@code p}: a ws/wss URL matching the security profile. */
    static Optional<String> usable(NetworkConnectionProfileType p) {
        try {
            Handshake.connectionUri(p.ocppCsmsUrl(), p.securityProfile(), "x");
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of(e.getMessage());
        }
    }

    /**
     * Why a profile from the CSMS (SetNetworkProfile) is not valid for this station, if it is not:
     * the reason to answer with InvalidNetworkConf. Stricter than {@link #usable}: OCPP 2.0.1 over
     * JSON only, security profile 1 over ws:// and 2/3 over wss://, no APN or VPN (wired station).
     */
    static Optional<String> invalid(NetworkConnectionProfileType p) {
        if (p.ocppVersion() != OCPPVersionEnumType.OCPP20) {
            return Optional.of("ocppVersion must be OCPP20, not " + p.ocppVersion().value());
        }
        if (p.ocppTransport() != OCPPTransportEnumType.JSON) {
            return Optional.of("ocppTransport must be JSON, not " + p.ocppTransport().value());
        }
        int sp = p.securityProfile();
        if (sp < 1 || sp > 3) {
            return Optional.of("securityProfile must be 1, 2 or 3, not " + sp);
        }
        if (p.messageTimeout() < 1) {
            return Optional.of("messageTimeout must be at least 1 second, not " + p.messageTimeout());
        }
        URI uri;
        try {
            uri = new URI(p.ocppCsmsUrl().trim());
        } catch (URISyntaxException e) {
            return Optional.of("ocppCsmsUrl is not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("ws") && !scheme.equals("wss")) {
            return Optional.of("ocppCsmsUrl must start with ws:// or wss://");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            return Optional.of("ocppCsmsUrl has no host");
        }
        if (uri.getRawUserInfo() != null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            return Optional.of("ocppCsmsUrl must not contain user info, a query or a fragment");
        }
        if (sp == 1 && !scheme.equals("ws")) {
            return Optional.of("securityProfile 1 (unsecured transport) needs a ws:// URL");
        }
        if (sp >= 2 && !scheme.equals("wss")) {
            return Optional.of("securityProfile " + sp + " needs a wss:// URL");
        }
        if (p.apn() != null) {
            return Optional.of("apn is not supported: the station has no cellular modem");
        }
        if (p.vpn() != null) {
            return Optional.of("vpn is not supported");
        }
        return Optional.empty();
    }

    static String encode(NetworkConnectionProfileType p) {
        return OcppJson.write(p);
    }

    /** @throws IllegalArgumentException if {@code json} is not a valid NetworkConnectionProfileType */
    static NetworkConnectionProfileType decode(String json) {
        try {
            return OcppJson.decode(OcppJson.mapper().readTree(json), NetworkConnectionProfileType.class);
        } catch (PayloadViolation e) {
            throw new IllegalArgumentException(e.getMessage());
        } catch (Exception e) {
            throw new IllegalArgumentException("not JSON");
        }
    }

    /** Slot numbers from a comma-separated list; blanks, non-numbers, slots out of range and repeats dropped. */
    static List<Integer> parsePriority(String value, int slots) {
        Set<Integer> out = new LinkedHashSet<>();
        for (String part : value.split(",")) {
            try {
                int s = Integer.parseInt(part.trim());
                if (s >= 1 && s <= slots) {
                    out.add(s);
                }
            } catch (NumberFormatException e) {
                // dropped
            }
        }
        return List.copyOf(out);
    }

    static String formatPriority(List<Integer> slots) {
        return slots.stream().map(String::valueOf).collect(Collectors.joining(","));
    }

    static int intOf(Object v, int dflt) {
        if (v instanceof Number n) {
            return n.intValue();
        }
        if (v != null) {
            try {
                return Integer.parseInt(v.toString().trim());
            } catch (NumberFormatException e) {
                return dflt;
            }
        }
        return dflt;
    }

    @Override
    public String toString() {
        return "NetworkProfiles(slots " + slotCount + ", set " + profiles.keySet() + ", priority " + priority
                + ", attempts " + attempts + ")";
    }
}
