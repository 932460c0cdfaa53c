package io.galvani.hal.api;

import org.osgi.annotation.versioning.ConsumerType;

/** Whiteboard service told about power path changes. See the package contract for threading. */
@ConsumerType
public interface PowerCabinetListener {

    /** The phase or the measurements of one EVSE's power path changed. */
    void cabinetStateChanged(PowerCabinet cabinet, CabinetState state);
}
