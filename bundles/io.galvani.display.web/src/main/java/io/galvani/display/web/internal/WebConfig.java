package io.galvani.display.web.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of PID {@code io.galvani.display.web}; a change applies to streams opened after it. */
@ObjectClassDefinition(name = "Galvani display web page",
        description = "The station's screen mirrored as a web page at / with live updates (server-sent events)")
public @interface WebConfig {

    @AttributeDefinition(description = "Seconds between heartbeats on an idle event stream, so that proxies and "
            + "the server's 30 s idle timeout keep it open and the page notices a dead connection", min = "1",
            max = "25")
    int heartbeatSeconds() default 10;

    @AttributeDefinition(description = "Events a client may have waiting to be sent; a client that falls further "
            + "behind is disconnected (its page reconnects and gets the current screen)", min = "2")
    int clientQueueEvents() default 32;

    @AttributeDefinition(description = "Event streams open at once; a further one is answered 503", min = "1")
    int maxClients() default 16;
}
