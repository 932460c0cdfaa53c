package io.galvani.console.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration PID {@value ConsoleFeed#PID}; the defaults suit a station's service tool. */
@ObjectClassDefinition(name = "Galvani web console", description = "The local web console at /console")
public @interface ConsoleConfig {

    @AttributeDefinition(description = "OCPP frames kept in memory, shown to a browser that opens the console",
            min = "10", max = "5000")
    int messageLogSize() default 500;

    @AttributeDefinition(description = "Events waiting for one browser; a browser that falls further behind is"
            + " disconnected (it reconnects and starts from the kept frames)", min = "16", max = "10000")
    int clientQueueSize() default 1000;

    @AttributeDefinition(description = "Browsers with a live stream at once; more are refused with 503",
            min = "1", max = "64")
    int maxClients() default 8;

    @AttributeDefinition(description = "Newest security events shown", min = "1", max = "1000")
    int securityEventsShown() default 100;

    @AttributeDefinition(description = "Seconds between keep-alive comments on an idle live stream (below the"
            + " server's 30 s idle timeout)", min = "1", max = "25")
    int keepAliveSeconds() default 10;
}
