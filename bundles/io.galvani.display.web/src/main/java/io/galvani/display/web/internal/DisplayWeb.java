package io.galvani.display.web.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.galvani.display.api.ScreenListener;
import io.galvani.display.api.StationScreen;
import io.galvani.localapi.api.WebContent;

/**
 * The station's screen as a web page, served at {@code /} by the local API's server (the {@link WebContent}
 * whiteboard): the page ({@code /}, {@code /display.css}, {@code /display.js}), the screen as JSON
 * ({@code /display/screen}) and its changes as server-sent events ({@code /display/events}: the current screen on
 * connect, then every change, heartbeats in between).
 *
 * <p>It mirrors the display bundle's decision ({@link ScreenListener}) and decides nothing itself. It holds no
 * reference to the display service (no DS cycle): the last screen it was told is what it serves. A screen is
 * turned into JSON once and queued for every stream on the display's thread, never waiting for a client (see
 * {@link EventStream}). One daemon thread ({@code galvani-display-web}) sends the heartbeats; deactivation ends
 * every stream and stops it.
 */
@Component(configurationPid = DisplayWeb.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL,
        service = { Handler.class, ScreenListener.class }, property = WebContent.PATH + "=/")
@Designate(ocd = WebConfig.class)
public final class DisplayWeb extends Handler.Abstract implements ScreenListener {
    static final String PID = "io.galvani.display.web";
    static final String SCREEN_PATH = "/display/screen";
    static final String EVENTS_PATH = "/display/events";

    private static final Logger logger = LoggerFactory.getLogger(DisplayWeb.class);

    private final StaticFiles files = StaticFiles.load();
    private final EventStreams streams = new EventStreams();
    private final ScheduledExecutorService heartbeats;
    private volatile WebConfig config;
    private volatile String screenJson;
    private ScheduledFuture<?> heartbeat; // guarded by this

    @Activate
    public DisplayWeb(WebConfig config) {
        this.config = config;
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "galvani-display-web");
            t.setDaemon(true);
            return t;
        });
        executor.setRemoveOnCancelPolicy(true);
        this.heartbeats = executor;
        scheduleHeartbeat();
    }

    @Modified
    void modified(WebConfig changed) {
        config = changed;
        scheduleHeartbeat();
    }

    @Deactivate
    void deactivate() {
        heartbeats.shutdownNow();
        streams.closeAll();
        try {
            heartbeats.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private synchronized void scheduleHeartbeat() {
        if (heartbeat != null) {
            heartbeat.cancel(false);
        }
        long seconds = Math.max(1, config.heartbeatSeconds());
        heartbeat = heartbeats.scheduleWithFixedDelay(streams::heartbeat, seconds, seconds, TimeUnit.SECONDS);
    }

    // ---- the display's side

    /** On the display's thread: one JSON rendering, queued for every stream. */
    @Override
    public void screenChanged(StationScreen screen) {
        String json = ScreenJson.of(screen);
        screenJson = json;
        streams.screen(json);
    }

    int openStreams() {
        return streams.open();
    }

    // ---- HTTP

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String path = Request.getPathInContext(request);
        String method = request.getMethod();
        boolean head = "HEAD".equals(method);
        if (!"GET".equals(method) && !head) {
            response.getHeaders().put(HttpHeader.ALLOW, "GET, HEAD");
            return error(response, callback, HttpStatus.METHOD_NOT_ALLOWED_405,
                    method + " is not allowed here: the display page is read-only (GET)");
        }
        if (EVENTS_PATH.equals(path)) {
            return head ? send(response, callback, HttpStatus.OK_200, "text/event-stream;charset=utf-8", new byte[0],
                    true) : events(request, response, callback);
        }
        if (SCREEN_PATH.equals(path)) {
            String json = screenJson;
            if (json == null) {
                response.getHeaders().put(HttpHeader.RETRY_AFTER, "1");
                return error(response, callback, HttpStatus.SERVICE_UNAVAILABLE_503,
                        "the display has not decided a screen yet (is io.galvani.display running?)");
            }
            return send(response, callback, HttpStatus.OK_200, "application/json;charset=utf-8",
                    json.getBytes(StandardCharsets.UTF_8), head);
        }
        StaticFiles.File file = files.get(path);
        if (file == null) {
            return error(response, callback, HttpStatus.NOT_FOUND_404,
                    "no such page: " + path + " (the display is at /, its data at " + SCREEN_PATH + " and "
                            + EVENTS_PATH + ")");
        }
        return send(response, callback, HttpStatus.OK_200, file.contentType(), file.content(), head);
    }

    private boolean events(Request request, Response response, Callback callback) {
        WebConfig c = config;
        response.setStatus(HttpStatus.OK_200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/event-stream;charset=utf-8");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache, no-store");
        response.getHeaders().put("X-Accel-Buffering", "no"); // a proxy must not buffer the stream
        EventStream stream = new EventStream(response, callback, c.clientQueueEvents(), streams::closed);
        if (!streams.open(stream, c.maxClients())) {
            logger.warn("Display event stream refused: {} open already (maxClients)", c.maxClients());
            response.getHeaders().put(HttpHeader.RETRY_AFTER, "5");
            return error(response, callback, HttpStatus.SERVICE_UNAVAILABLE_503,
                    "too many display streams open (" + c.maxClients() + "); try again later");
        }
        request.addFailureListener(failure -> stream.close()); // the client went away
        return true;
    }

    private static boolean send(Response response, Callback callback, int status, String contentType, byte[] body,
            boolean head) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
        response.getHeaders().put("X-Content-Type-Options", "nosniff");
        response.getHeaders().put("Content-Security-Policy",
                "default-src 'self'; style-src 'self'; script-src 'self'; img-src 'self' data:");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, head ? ByteBuffer.allocate(0) : ByteBuffer.wrap(body), callback);
        return true;
    }

    private static boolean error(Response response, Callback callback, int status, String message) {
        String json = "{\"error\":" + com.fasterxml.jackson.databind.node.TextNode.valueOf(message) + "}";
        return send(response, callback, status, "application/json;charset=utf-8",
                json.getBytes(StandardCharsets.UTF_8), false);
    }
}
