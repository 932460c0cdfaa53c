package io.galvani.operations.internal;

import java.util.List;
import java.util.function.Consumer;

import io.galvani.station.api.ConnectorView;

/**
 * The connectors as the station last reported them, and a way to follow their changes without
 * being a {@link io.galvani.station.api.ConnectorStatusListener} oneself: a component that
 * references the {@link io.galvani.station.api.Station} must not also be one of its listeners
 * (a DS reference cycle), so one listener without references ({@link ConnectorWatch}) fans out.
 */
interface ConnectorBoard {

    /** Every connector known, ordered by EVSE then connector. */
    List<ConnectorView> connectors();

    /**
     * Calls {@code observer} with every connector known now, then with every change, on the
     * station's event thread (return quickly). Closing the result stops the calls.
     */
    AutoCloseable subscribe(Consumer<ConnectorView> observer);
}
