package io.galvani.display.internal;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.galvani.display.api.ScreenListener;
import io.galvani.display.api.StationScreen;

/**
 * The {@link ScreenListener} whiteboard. Called on the display thread only, so every listener sees the screens in
 * order; a new listener is told the current screen by the first call it gets. A listener that throws is logged
 * once (until it works again) and skipped.
 */
final class ScreenListeners {
    private static final Logger logger = LoggerFactory.getLogger(ScreenListeners.class);

    private final List<ScreenListener> listeners = new CopyOnWriteArrayList<>();
    private final List<ScreenListener> failing = new CopyOnWriteArrayList<>();
    private volatile StationScreen current;

    void add(ScreenListener listener) {
        listeners.add(listener);
    }

    void remove(ScreenListener listener) {
        listeners.remove(listener);
        failing.remove(listener);
    }

    StationScreen current() {
        return current;
    }

    /** On the display thread: tells everyone a screen that differs from the last one. */
    void publish(StationScreen screen) {
        if (screen.equals(current)) {
            return;
        }
        current = screen;
        listeners.forEach(l -> tell(l, screen));
    }

    /** On the display thread: tells a newly added listener what is shown now. */
    void tellCurrent(ScreenListener listener) {
        StationScreen screen = current;
        if (screen != null && listeners.contains(listener)) {
            tell(listener, screen);
        }
    }

    private void tell(ScreenListener listener, StationScreen screen) {
        try {
            listener.screenChanged(screen);
            if (failing.remove(listener)) {
                logger.info("Screen listener {} works again", listener.getClass().getName());
            }
        } catch (RuntimeException e) {
            if (!failing.contains(listener)) {
                failing.add(listener);
                logger.warn("Screen listener {} failed: {}", listener.getClass().getName(), e.toString());
            }
        }
    }
}
