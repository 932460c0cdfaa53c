package io.galvani.supervisor.internal;

import java.lang.reflect.Array;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import io.galvani.devicemodel.api.ComponentKey;
import io.galvani.hal.api.HalProperties;

/**
 * Which device-model component a failing DS component's fault belongs to: the standardized component of the
 * HAL device it provides (the one its driver contributes, see hal-bundles/README.md section 7), placed by its
 * {@code hal.evse.id} / {@code hal.connector.id}; ChargingStation for everything else (feature bundles, the
 * tamper sensor, whose OCPP variable is ChargingStation.Tampered).
 */
final class DeviceLocator {
    static final ComponentKey STATION = ComponentKey.of("ChargingStation");

    private static final String HAL = "io.galvani.hal.api.";
    private static final List<Map.Entry<String, String>> DEVICES = List.of(
            Map.entry(HAL + "PowerCabinet", "AcDcConverter"),
            Map.entry(HAL + "Connector", "Connector"),
            Map.entry(HAL + "EnergyMeter", "ControlMetering"),
            Map.entry(HAL + "TokenReader", "TokenReader"),
            Map.entry(HAL + "Display", "Display"));

    private DeviceLocator() {
    }

    /**
     * @param services   the component's service interfaces
     * @param properties its configuration's properties (may be null when SCR shows no configuration)
     */
    static ComponentKey locate(String[] services, Map<String, Object> properties) {
        if (services == null) {
            return STATION;
        }
        for (Map.Entry<String, String> device : DEVICES) {
            if (List.of(services).contains(device.getKey())) {
                return place(ComponentKey.of(device.getValue()), device.getValue(), properties);
            }
        }
        return STATION;
    }

    /** True for the devices in the power path, whose failure makes their connector unusable. */
    static boolean powerPath(ComponentKey device) {
        return device.name().equals("AcDcConverter") || device.name().equals("Connector");
    }

    private static ComponentKey place(ComponentKey key, String name, Map<String, Object> properties) {
        Integer evse = properties == null ? null : firstInt(properties.get(HalProperties.EVSE_ID));
        Integer connector = properties == null ? null : firstInt(properties.get(HalProperties.CONNECTOR_ID));
        if (evse == null || evse <= 0) {
            return key; // station-wide device (hal.evse.id 0) or unknown placement
        }
        if (name.equals("Connector") && connector != null && connector > 0) {
            return key.atConnector(evse, connector);
        }
        return key.atEvse(evse);
    }

    /** hal.evse.id may be an Integer, an Integer[] (shared cabinet: its first EVSE), a collection or a string. */
    static Integer firstInt(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Number n) {
            return n.intValue();
        }
        if (value.getClass().isArray()) {
            return Array.getLength(value) == 0 ? null : firstInt(Array.get(value, 0));
        }
        if (value instanceof Collection<?> c) {
            return c.isEmpty() ? null : firstInt(c.iterator().next());
        }
        try {
            return Integer.valueOf(value.toString().trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
