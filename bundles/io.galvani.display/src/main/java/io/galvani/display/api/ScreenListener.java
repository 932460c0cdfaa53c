package io.galvani.display.api;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Whiteboard: a service of this type is told what the screen shows, so that it can mirror it (the web page at
 * {@code /}, MQTT, a second screen).
 *
 * <p>Contract: a listener is told the current screen soon after it is registered, then every change, in order,
 * one call at a time on the display's own thread. While a session charges that is about once a second (the time
 * runs). It must return quickly and never block (queue the work for your own thread): the HAL display waits for
 * it. An exception is logged and ignored. A listener must not reference {@link DisplayScreens} (no DS reference
 * cycle); it has what it needs from the calls.
 */
@ConsumerType
public interface ScreenListener {

    void screenChanged(StationScreen screen);
}
