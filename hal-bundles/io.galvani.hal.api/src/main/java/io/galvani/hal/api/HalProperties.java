package io.galvani.hal.api;

/** Service property names shared by all HAL services. */
public final class HalProperties {
    /** Integer: the EVSE (1-based) a device belongs to; 0 for station-wide devices. */
    public static final String EVSE_ID = "hal.evse.id";
    /** Integer: the connector (1-based, within its EVSE) a connector service represents. */
    public static final String CONNECTOR_ID = "hal.connector.id";

    private HalProperties() {
    }
}
