/**
 * What the station's screen shows, as data: the display bundle decides it once ({@link io.galvani.display.api.StationScreen},
 * one {@link io.galvani.display.api.EvseScreenView} per EVSE) and every other user interface (the web page at
 * {@code /}, later MQTT or a dispenser's second screen) mirrors it through the
 * {@link io.galvani.display.api.ScreenListener} whiteboard or {@link io.galvani.display.api.DisplayScreens},
 * without deciding anything again.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.galvani.display.api;
