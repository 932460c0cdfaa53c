package io.galvani.security.events.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The validated configuration. A value outside its range (possible by writing Config Admin directly) is
 * brought into it with a WARN naming the property.
 */
record Settings(SecurityLog.Limits limits, int memoryCheckIntervalSeconds, MemoryMonitor.Settings memory) {
    private static final Logger logger = LoggerFactory.getLogger(Settings.class);

    static Settings from(SecurityEventsConfig c) {
        int kilobytes = within("maxFileSizeKilobytes", c.maxFileSizeKilobytes(), 4, 1024 * 1024);
        int files = within("maxFiles", c.maxFiles(), 2, 1000);
        int interval = within("memoryCheckIntervalSeconds", c.memoryCheckIntervalSeconds(), 0, Integer.MAX_VALUE);
        int freeMb = within("minFreeDiskMegabytes", c.minFreeDiskMegabytes(), 0, Integer.MAX_VALUE);
        int heap = within("maxHeapUsedPercent", c.maxHeapUsedPercent(), 1, 100);
        return new Settings(new SecurityLog.Limits(kilobytes * 1024L, files), interval,
                new MemoryMonitor.Settings(freeMb * 1024L * 1024L, heap));
    }

    private static int within(String property, int value, int min, int max) {
        if (value < min || value > max) {
            int used = Math.max(min, Math.min(max, value));
            logger.warn("{} {} = {} is outside {}..{}; using {}", SecurityEventsConfig.PID, property, value, min, max,
                    used);
            return used;
        }
        return value;
    }
}
