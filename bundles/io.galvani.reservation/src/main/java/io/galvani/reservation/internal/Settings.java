package io.galvani.reservation.internal;

/**
 * ReservationCtrlr settings in effect.
 *
 * @param enabled          ReservationCtrlr.Enabled: false refuses new reservations (H01.FR.01)
 * @param nonEvseSpecific  ReservationCtrlr.NonEvseSpecific: reservations without evseId (H01.FR.18/19)
 */
record Settings(boolean enabled, boolean nonEvseSpecific) {

    static Settings of(ReservationConfig config) {
        return new Settings(config.enabled(), config.nonEvseSpecific());
    }
}
