package io.galvani.security.events.internal;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.galvani.hal.api.TamperListener;
import io.galvani.hal.api.TamperSensor;
import io.galvani.security.api.SecurityEventType;
import io.galvani.security.api.SecurityEvents;

/**
 * Listens to the station's tamper sensors (HAL) and reports TamperDetectionActivated, a critical event that reaches
 * the CSMS, each time one trips. Closing the enclosure again is only noted in the operational log.
 */
@Component(service = TamperListener.class)
public final class TamperWatch implements TamperListener {
    private static final Logger logger = LoggerFactory.getLogger(TamperWatch.class);

    private final SecurityEvents events;

    @Activate
    public TamperWatch(@Reference SecurityEvents events) {
        this.events = events;
    }

    @Override
    public void tamperChanged(TamperSensor sensor, boolean tampered) {
        if (tampered) {
            events.report(SecurityEventType.TAMPER_DETECTION_ACTIVATED, "tamper sensor " + describe(sensor)
                    + " tripped (enclosure opened or seal broken)");
        } else {
            logger.info("Tamper sensor {} is back to normal", describe(sensor));
        }
    }

    private static String describe(TamperSensor sensor) {
        return sensor.getClass().getSimpleName();
    }
}
