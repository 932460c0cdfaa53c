package io.galvani.localapi.internal;

import java.util.LinkedHashMap;
import java.util.Map;

import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.galvani.localapi.api.WebContent;

/**
 * The server's contexts: {@code /api} for the local API and one per {@link WebContent} handler service. Handlers
 * may arrive before the server starts and come and go while it runs; Jetty starts a context added to a running
 * collection and stops one removed from it.
 */
final class WebContexts {
    static final String API_PATH = "/api";
    private static final Logger logger = LoggerFactory.getLogger(WebContexts.class);

    private final ContextHandlerCollection contexts = new ContextHandlerCollection();
    private final Map<Handler, ContextHandler> byHandler = new LinkedHashMap<>();

    WebContexts(Handler api) {
        ContextHandler apiContext = new ContextHandler(api, API_PATH);
        apiContext.setAllowNullPathInContext(true);
        contexts.addHandler(apiContext);
    }

    Handler root() {
        return contexts;
    }

    /** Serves {@code handler} under {@code path}; false (and a warning) if the path is invalid or taken. */
    synchronized boolean add(Handler handler, Object path) {
        String p = path instanceof String s ? s.trim() : null;
        if (p == null || !p.startsWith("/") || p.contains("*") || p.contains("?")) {
            logger.warn("Web content ignored: service property {}={} is not a context path such as /console",
                    WebContent.PATH, path);
            return false;
        }
        String normalized = p.length() > 1 && p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
        if (normalized.equals(API_PATH) || normalized.startsWith(API_PATH + "/")
                || byHandler.values().stream().anyMatch(c -> c.getContextPath().equals(normalized))) {
            logger.warn("Web content ignored: {} is already served", normalized);
            return false;
        }
        ContextHandler context = new ContextHandler(handler, normalized);
        // "/console" itself, not only "/console/…", without a redirect.
        context.setAllowNullPathInContext(true);
        byHandler.put(handler, context);
        contexts.addHandler(context);
        if (contexts.isStarted() && !context.isStarted()) {
            try {
                context.start();
            } catch (Exception e) {
                logger.warn("Web content {} failed to start: {}", normalized, e.toString());
                remove(handler);
                return false;
            }
        }
        logger.info("Serving {}", normalized);
        return true;
    }

    synchronized void remove(Handler handler) {
        ContextHandler context = byHandler.remove(handler);
        if (context == null) {
            return;
        }
        contexts.removeHandler(context);
        try {
            context.stop();
        } catch (Exception e) {
            logger.warn("Web content {} did not stop cleanly: {}", context.getContextPath(), e.toString());
        }
        // The handler belongs to its bundle, which may register it again: detach it from the context.
        context.setHandler((Handler) null);
        logger.info("No longer serving {}", context.getContextPath());
    }
}
