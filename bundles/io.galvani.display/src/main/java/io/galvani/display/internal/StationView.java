package io.galvani.display.internal;

import java.util.List;

/**
 * Everything a screen is drawn from.
 *
 * @param evses  the EVSEs known from the station or the sessions, ordered by id
 * @param online whether the station is connected to its CSMS and registered (BootNotification accepted);
 *               offline only adds a marker: charging may go on offline
 */
record StationView(List<EvseState> evses, boolean online) {

    StationView {
        evses = List.copyOf(evses);
    }
}
