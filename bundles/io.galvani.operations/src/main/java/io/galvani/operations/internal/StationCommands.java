package io.galvani.operations.internal;

import java.util.Locale;
import java.util.concurrent.TimeUnit;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import io.galvani.ocpp.api.LinkStatus;
import io.galvani.ocpp.api.OcppLink;
import io.galvani.ocpp.model.types.ResetEnumType;
import io.galvani.station.api.ConnectorView;
import io.galvani.station.api.EvseView;
import io.galvani.station.api.Station;

/**
 * Operator console (Gogo): {@code station:status}, {@code station:reset [evseId] [immediate]},
 * {@code station:availability <evse> [connector] operative|inoperative}. Plain public methods; Gogo
 * finds them through the service properties and prints what they return. A console reset reboots
 * with boot reason LocalReset.
 */
@Component(service = StationCommands.class, property = { "osgi.command.scope=station",
        "osgi.command.function=status", "osgi.command.function=reset", "osgi.command.function=availability" })
public final class StationCommands {
    /** Lets the command's output reach the operator before the station goes down. */
    static final long REBOOT_DELAY_MILLIS = 500;

    private final Station station;
    private final Operations operations;
    private volatile OcppLink link;

    @Activate
    public StationCommands(@Reference Station station, @Reference Operations operations) {
        this.station = station;
        this.operations = operations;
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void setLink(OcppLink newLink) {
        this.link = newLink;
    }

    void unsetLink(OcppLink oldLink) {
        if (link == oldLink) {
            link = null;
        }
    }

    /** EVSEs and connectors with status and availability, and the CSMS link. */
    public String status() {
        StringBuilder out = new StringBuilder();
        OcppLink l = link;
        if (l == null) {
            out.append("CSMS link: no OCPP transport running\n");
        } else {
            LinkStatus s = l.status();
            out.append(String.format("CSMS link: %s %s (security profile %d) since %s, %d queued%s%n",
                    s.connected() ? "connected to" : "NOT connected to", s.endpoint(), s.securityProfile(), s.since(),
                    s.queuedCalls(), s.lastError() == null ? "" : ", last error: " + s.lastError()));
        }
        AvailabilitySettings applied = operations.availability();
        AvailabilitySettings requested = operations.requestedAvailability();
        out.append("Station: ").append(operative(applied.stationInoperative()))
                .append(pending(applied.stationInoperative(), requested.stationInoperative()))
                .append(operations.stationResetPending() ? ", reset pending" : "").append('\n');
        for (EvseView evse : station.evses()) {
            boolean inop = applied.inoperative(Scope.evse(evse.id()));
            out.append(String.format("  EVSE %d: %s%s%s%n", evse.id(), operative(inop),
                    pending(inop, requested.inoperative(Scope.evse(evse.id()))),
                    operations.evseResetting(evse.id()) ? ", resetting" : ""));
            for (ConnectorView c : evse.connectors()) {
                Scope scope = Scope.connector(c.evseId(), c.connectorId());
                boolean cInop = applied.inoperative(scope);
                out.append(String.format("    connector %d (%s): %s, %s%s%s%n", c.connectorId(), c.type(), c.status(),
                        operative(cInop), pending(cInop, requested.inoperative(scope)),
                        c.plugged() ? ", vehicle plugged" : ""));
            }
        }
        return out.toString();
    }

    /** Resets the station (OnIdle). */
    public String reset() {
        return doReset(null, ResetEnumType.OnIdle);
    }

    /** {@code reset immediate} resets the station at once; {@code reset <evseId>} resets one EVSE (OnIdle). */
    public String reset(String arg) {
        if ("immediate".equalsIgnoreCase(arg)) {
            return doReset(null, ResetEnumType.Immediate);
        }
        Integer evse = number(arg);
        return evse == null ? usage() : doReset(evse, ResetEnumType.OnIdle);
    }

    /** {@code reset <evseId> immediate}. */
    public String reset(String evseId, String mode) {
        Integer evse = number(evseId);
        if (evse == null || !"immediate".equalsIgnoreCase(mode)) {
            return usage();
        }
        return doReset(evse, ResetEnumType.Immediate);
    }

    /** {@code availability <evse> operative|inoperative}; evse 0 = the station. */
    public String availability(String evseId, String state) {
        Integer evse = number(evseId);
        Boolean inoperative = inoperative(state);
        if (evse == null || inoperative == null) {
            return availabilityUsage();
        }
        return "ChangeAvailability: " + operations.changeAvailability(evse == 0 ? Scope.STATION : Scope.evse(evse),
                inoperative);
    }

    /** {@code availability <evse> <connector> operative|inoperative}. */
    public String availability(String evseId, String connectorId, String state) {
        Integer evse = number(evseId);
        Integer connector = number(connectorId);
        Boolean inoperative = inoperative(state);
        if (evse == null || evse == 0 || connector == null || connector == 0 || inoperative == null) {
            return availabilityUsage();
        }
        return "ChangeAvailability: " + operations.changeAvailability(Scope.connector(evse, connector), inoperative);
    }

    private String doReset(Integer evseId, ResetEnumType type) {
        Outcome outcome = operations.reset(type, evseId, ResetManager.Origin.CONSOLE,
                task -> java.util.concurrent.CompletableFuture.delayedExecutor(REBOOT_DELAY_MILLIS,
                        TimeUnit.MILLISECONDS, operations.executor()).execute(task));
        return "Reset " + (evseId == null ? "of the station" : "of EVSE " + evseId) + " (" + type.value() + "): "
                + outcome;
    }

    private static Integer number(String s) {
        try {
            int n = Integer.parseInt(s.trim());
            return n < 0 ? null : n;
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static Boolean inoperative(String state) {
        return switch (state == null ? "" : state.toLowerCase(Locale.ROOT)) {
            case "inoperative" -> Boolean.TRUE;
            case "operative" -> Boolean.FALSE;
            default -> null;
        };
    }

    private static String operative(boolean inoperative) {
        return inoperative ? "Inoperative" : "Operative";
    }

    private static String pending(boolean applied, boolean requested) {
        return applied == requested ? "" : " (" + operative(requested) + " scheduled)";
    }

    private static String usage() {
        return "usage: station:reset [evseId] [immediate]";
    }

    private static String availabilityUsage() {
        return "usage: station:availability <evse> [connector] operative|inoperative   (evse 0 = the station)";
    }
}
