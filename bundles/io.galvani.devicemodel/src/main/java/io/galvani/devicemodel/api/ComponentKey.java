package io.galvani.devicemodel.api;

import java.util.Comparator;
import java.util.Objects;

import io.galvani.ocpp.model.types.ComponentType;
import io.galvani.ocpp.model.types.EVSEType;

/**
 * Identifies a component: its name, optional instance, and for components that belong to an EVSE
 * or a connector, their ids. {@code evseId} and {@code connectorId} are {@code null} for
 * station-wide components; a connector component has both.
 */
public record ComponentKey(String name, String instance, Integer evseId, Integer connectorId)
        implements Comparable<ComponentKey> {
    /** By name, then evse, connector and instance, absent ones first. */
    private static final Comparator<ComponentKey> ORDER = Comparator.comparing(ComponentKey::name)
            .thenComparing(ComponentKey::evseId, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(ComponentKey::connectorId, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(ComponentKey::instance, Comparator.nullsFirst(Comparator.naturalOrder()));

    public ComponentKey {
        Objects.requireNonNull(name, "name");
        if (connectorId != null && evseId == null) {
            throw new IllegalArgumentException("a connector component needs an evseId: " + name);
        }
    }

    /** A station-wide component without instance, e.g. {@code OCPPCommCtrlr}. */
    public static ComponentKey of(String name) {
        return new ComponentKey(name, null, null, null);
    }

    public ComponentKey withInstance(String newInstance) {
        return new ComponentKey(name, newInstance, evseId, connectorId);
    }

    /** The same component placed on an EVSE, e.g. {@code EVSE} of evse 1. */
    public ComponentKey atEvse(int id) {
        return new ComponentKey(name, instance, id, null);
    }

    /** The same component placed on a connector of an EVSE. */
    public ComponentKey atConnector(int evse, int connector) {
        return new ComponentKey(name, instance, evse, connector);
    }

    /** The key of an OCPP ComponentType (its customData is not part of the identity). */
    public static ComponentKey of(ComponentType component) {
        EVSEType evse = component.evse();
        return new ComponentKey(component.name(), component.instance(), evse == null ? null : evse.id(),
                evse == null ? null : evse.connectorId());
    }

    public ComponentType toOcpp() {
        ComponentType c = ComponentType.of(name).withInstance(instance);
        return evseId == null ? c : c.withEvse(EVSEType.of(evseId).withConnectorId(connectorId));
    }

    @Override
    public int compareTo(ComponentKey o) {
        return ORDER.compare(this, o);
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder(name);
        if (instance != null) {
            s.append('[').append(instance).append(']');
        }
        if (evseId != null) {
            s.append("@evse").append(evseId);
            if (connectorId != null) {
                s.append('/').append(connectorId);
            }
        }
        return s.toString();
    }
}
