package io.galvani.provisioning.internal;

import java.io.IOException;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.function.IntConsumer;
import java.util.function.Supplier;

import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stores the heartbeat interval a BootNotificationResponse set (B01.FR.04) as property
 * {@code heartbeatIntervalSeconds} of our own configuration, where the device model reads
 * OCPPCommCtrlr.HeartbeatInterval: GetVariables and reports show it, and it survives a restart. The
 * resulting {@code @Modified} carries the value already in force, so it changes nothing (no loop).
 * Writes the raw properties back, so placeholders of the other properties stay as they were.
 */
final class HeartbeatIntervalStore implements IntConsumer {
    private static final Logger logger = LoggerFactory.getLogger(HeartbeatIntervalStore.class);
    static final String PROPERTY = "heartbeatIntervalSeconds";

    private final Supplier<ConfigurationAdmin> configAdmin;

    HeartbeatIntervalStore(Supplier<ConfigurationAdmin> configAdmin) {
        this.configAdmin = configAdmin;
    }

    @Override
    public void accept(int seconds) {
        ConfigurationAdmin admin = configAdmin.get();
        if (admin == null) {
            logger.warn("No Config Admin: the heartbeat interval of {} s set by the CSMS is in force but not stored; "
                    + "GetVariables shows the configured one", seconds);
            return;
        }
        try {
            Configuration configuration = admin.getConfiguration(ProvisioningComponent.PID, "?");
            Dictionary<String, Object> properties = configuration.getProperties();
            if (properties == null) {
                properties = new Hashtable<>();
            }
            properties.put(PROPERTY, seconds);
            if (configuration.updateIfDifferent(properties)) {
                logger.info("Stored heartbeat interval {} s from BootNotificationResponse", seconds);
            }
        } catch (IOException | RuntimeException e) {
            logger.warn("Cannot store the heartbeat interval of {} s set by the CSMS in configuration {}: {}", seconds,
                    ProvisioningComponent.PID, e.toString());
        }
    }
}
