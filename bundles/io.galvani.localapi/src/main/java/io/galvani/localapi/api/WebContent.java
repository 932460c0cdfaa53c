package io.galvani.localapi.api;

/**
 * Whiteboard for web content served by the station's embedded HTTP server (the local API's server).
 *
 * <p>A bundle registers an {@code org.eclipse.jetty.server.Handler} service with the service property
 * {@value #PATH}: the context path it serves, e.g. {@code "/console"} or {@code "/"} (everything no other context
 * claims). The server wraps it in a Jetty {@code ContextHandler} for that path while the service is registered, so
 * a bundle's pages come and go with the bundle and no core bundle changes. {@code /api} belongs to the local API
 * itself; a second handler for a path already taken is ignored with a warning. The handler sees the full request
 * path ({@code Request.getPathInContext} strips the context path). Access control (loopback only, or a password
 * when bound elsewhere) is the server's and applies to every context.
 */
public final class WebContent {

    /** Service property: the context path the handler serves (String, starts with "/"). */
    public static final String PATH = "galvani.web.path";

    private WebContent() {
    }
}
