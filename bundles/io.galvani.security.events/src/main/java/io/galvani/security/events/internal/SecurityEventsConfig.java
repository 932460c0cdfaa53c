package io.galvani.security.events.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration PID {@value #PID}. Everything but {@code logDirectory} applies live. */
@ObjectClassDefinition(name = "Galvani security events",
        description = "The hash-chained security log (A04.FR.04), its size bound, and the MemoryExhaustion monitor")
public @interface SecurityEventsConfig {
    String PID = "io.galvani.security.events";

    @AttributeDefinition(description = "Directory of security.log and its rotated files; empty = "
            + "<galvani.data.dir>/logs, where GetLog (io.galvani.diagnostics) looks. Applies at the next start")
    String logDirectory() default "";

    @AttributeDefinition(description = "Largest size of one security log file in KiB; a record that would exceed "
            + "it starts a new file", min = "4")
    int maxFileSizeKilobytes() default 2048;

    @AttributeDefinition(description = "Security log files kept, security.log included; the oldest is deleted "
            + "when one more would be needed", min = "2")
    int maxFiles() default 5;

    @AttributeDefinition(description = "Seconds between MemoryExhaustion checks; 0 = no checks", min = "0")
    int memoryCheckIntervalSeconds() default 60;

    @AttributeDefinition(description = "MemoryExhaustion when the data file system has less than this many MiB "
            + "free; 0 = not checked", min = "0")
    int minFreeDiskMegabytes() default 100;

    @AttributeDefinition(description = "MemoryExhaustion when the Java heap in use after garbage collection "
            + "reaches this percentage of the maximum heap; 100 = not checked", min = "1", max = "100")
    int maxHeapUsedPercent() default 90;
}
