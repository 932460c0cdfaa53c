package io.galvani.station.internal;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls into a connector driver that may throw (a third-party driver's bug): the exception stays here, is logged
 * once per driver and method for the run, and the caller gets a fallback that marks the connector faulted. The HAL
 * contract says queries return from memory within 50 ms, so they run on the caller's thread.
 */
final class DriverCalls {
    private static final Logger logger = LoggerFactory.getLogger(DriverCalls.class);
    private final Set<String> logged = ConcurrentHashMap.newKeySet();

    <T> T query(Object driver, String method, Supplier<T> call, Supplier<T> fallback) {
        try {
            return call.get();
        } catch (RuntimeException e) {
            if (logged.add(System.identityHashCode(driver) + "." + method)) {
                logger.warn("Connector driver {} failed in {}(): {}; the connector is treated as faulted", driver,
                        method, e.toString());
            }
            return fallback.get();
        }
    }
}
