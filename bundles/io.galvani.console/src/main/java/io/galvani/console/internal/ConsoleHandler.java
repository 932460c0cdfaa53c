package io.galvani.console.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.galvani.devicemodel.api.DeviceModel;
import io.galvani.hal.sim.api.EvSimulator;
import io.galvani.hal.sim.api.TokenSimulator;
import io.galvani.ocpp.api.OcppLink;
import io.galvani.provisioning.api.Registration;
import io.galvani.security.api.SecurityEvent;
import io.galvani.station.api.ConnectorView;
import io.galvani.station.api.EvseView;
import io.galvani.transactions.api.SessionView;
import io.galvani.transactions.api.Sessions;

/**
 * Everything under {@code /console}: the pages shipped in the bundle, the JSON endpoints under {@code /api} and the
 * live stream {@code /api/events} (paths relative to the context; the contract is in the bundle README).
 *
 * <p>Requests that change something (POST) must carry {@code Content-Type: application/json} and, if the browser
 * sends an {@code Origin}, come from the console's own origin: a web page elsewhere cannot make the operator's
 * browser drive the station (a cross-site JSON POST needs a CORS preflight, which this server never grants).
 */
final class ConsoleHandler extends Handler.Abstract {
    static final String JSON_TYPE = "application/json";
    private static final Logger logger = LoggerFactory.getLogger(ConsoleHandler.class);
    private static final String SIM_UNAVAILABLE = "no simulated drivers run on this station (io.galvani.hal.sim.*)";

    private final ConsoleServices services;
    private final ConsoleFeed feed;
    private final StaticFiles files = new StaticFiles("console-web");
    private final int securityEventsShown;

    ConsoleHandler(ConsoleServices services, ConsoleFeed feed, int securityEventsShown) {
        this.services = services;
        this.feed = feed;
        this.securityEventsShown = securityEventsShown;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String path = Request.getPathInContext(request);
        String method = request.getMethod();
        response.getHeaders().put("X-Content-Type-Options", "nosniff");
        response.getHeaders().put("X-Frame-Options", "DENY");
        if (path.isEmpty()) {
            // "/console" itself: the pages use relative URLs, which resolve against "/console/"
            response.setStatus(302);
            response.getHeaders().put(HttpHeader.LOCATION, Request.getContextPath(request) + "/");
            response.getHeaders().put(HttpHeader.CONTENT_LENGTH, 0);
            callback.succeeded();
            return true;
        }
        if (!path.startsWith("/api/")) {
            return files.serve(path, method, response, callback);
        }
        if (path.equals("/api/events")) {
            return events(method, response, callback);
        }
        int status;
        JsonNode body;
        try {
            body = route(method, path, request);
            status = 200;
        } catch (ConsoleException e) {
            status = e.status();
            body = ConsoleJson.JSON.createObjectNode().put("error", e.getMessage());
        } catch (RuntimeException e) {
            logger.warn("Console {} {} failed", method, path, e);
            status = 500;
            body = ConsoleJson.JSON.createObjectNode().put("error", "internal error: " + e);
        }
        logger.debug("{} {} -> {}", method, path, status); // never bodies: they may carry an idToken
        byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, JSON_TYPE);
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes.length);
        response.write(true, ByteBuffer.wrap(bytes), callback);
        return true;
    }

    private JsonNode route(String method, String path, Request request) {
        return switch (path) {
            case "/api/overview" -> get(method, this::overview);
            case "/api/link" -> get(method, this::link);
            case "/api/device-model" -> switch (method) {
                case "GET" -> DeviceModelView.list(deviceModel());
                case "POST" -> post(request, () -> writeVariable(request));
                default -> throw new ConsoleException(405, "method " + method
                        + " not allowed here (allowed: GET, POST)");
            };
            case "/api/bundles" -> get(method, this::bundles);
            case "/api/security-events" -> get(method, this::securityEvents);
            case "/api/sim/plug", "/api/sim/unplug" -> post(method, request,
                    () -> plug(request, path.endsWith("/plug")));
            case "/api/sim/ev" -> post(method, request, () -> suspendEv(request));
            case "/api/sim/card" -> post(method, request, () -> presentCard(request));
            default -> throw new ConsoleException(404, "unknown console endpoint " + path);
        };
    }

    private static JsonNode get(String method, java.util.function.Supplier<JsonNode> answer) {
        if (!"GET".equals(method)) {
            throw new ConsoleException(405, "method " + method + " not allowed here (allowed: GET)");
        }
        return answer.get();
    }

    private static JsonNode post(String method, Request request, java.util.function.Supplier<JsonNode> answer) {
        if (!"POST".equals(method)) {
            throw new ConsoleException(405, "method " + method + " not allowed here (allowed: POST)");
        }
        return post(request, answer);
    }

    private static JsonNode post(Request request, java.util.function.Supplier<JsonNode> answer) {
        String type = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
        if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith(JSON_TYPE)) {
            throw new ConsoleException(415, "Content-Type must be " + JSON_TYPE);
        }
        String origin = request.getHeaders().get(HttpHeader.ORIGIN);
        if (origin != null && !sameOrigin(origin, request)) {
            throw new ConsoleException(403, "cross-origin request refused: " + origin);
        }
        return answer.get();
    }

    private static boolean sameOrigin(String origin, Request request) {
        String host = request.getHeaders().get(HttpHeader.HOST);
        return host != null && (origin.equals("http://" + host) || origin.equals("https://" + host));
    }

    // ------------------------------------------------------------------ panels

    private JsonNode overview() {
        ObjectNode root = ConsoleJson.JSON.createObjectNode();
        root.put("stationId", services.stationId());
        root.put("firmwareVersion", services.firmwareVersion().orElse(null));
        ObjectNode reg = root.putObject("registration");
        Optional<Registration> r = services.registration();
        reg.put("status", r.map(x -> x.status().name()).orElse("Unknown"));
        reg.put("acceptedAt", r.flatMap(Registration::acceptedAt).map(ConsoleJson::iso).orElse(null));
        reg.put("heartbeatIntervalSeconds", r.map(Registration::heartbeatIntervalSeconds).orElse(null));
        List<EvSimulator> evs = services.evSimulators();
        Optional<Sessions> sessions = services.sessions();
        ArrayNode evses = root.putArray("evses");
        List<EvseView> stationEvses = services.station().map(s -> s.evses()).orElse(List.of());
        for (EvseView e : stationEvses) {
            ObjectNode evse = evses.addObject();
            evse.put("id", e.id());
            ArrayNode connectors = evse.putArray("connectors");
            for (ConnectorView c : e.connectors()) {
                connectors.add(ConsoleJson.connector(c, evs.stream()
                        .anyMatch(s -> s.evseId() == c.evseId() && s.connectorId() == c.connectorId())));
            }
            Optional<SessionView> session = sessions.flatMap(s -> s.session(e.id()));
            evse.set("session", session.<JsonNode>map(ConsoleJson::session).orElse(null));
        }
        root.put("stationAvailable", services.station().isPresent());
        root.put("sessionsAvailable", sessions.isPresent());
        ObjectNode sim = root.putObject("simulation");
        sim.put("available", !evs.isEmpty() || services.tokenSimulator(0).isPresent());
        sim.put("tokenReader", services.tokenSimulator(0).isPresent()
                || stationEvses.stream().anyMatch(e -> services.tokenSimulator(e.id()).isPresent()));
        return root;
    }

    private JsonNode link() {
        Optional<OcppLink> link = services.link();
        ObjectNode n = link.map(l -> ConsoleJson.link(l.status(), l.statistics()))
                .orElseGet(() -> ConsoleJson.JSON.createObjectNode().put("available", false).put("connected", false));
        n.set("outbox", services.outbox().<JsonNode>map(ConsoleJson::outbox).orElse(null));
        n.put("registrationStatus", services.registration().map(r -> r.status().name()).orElse("Unknown"));
        n.put("liveClients", feed.clientCount());
        n.put("droppedEvents", feed.droppedEvents());
        return n;
    }

    private JsonNode bundles() {
        ObjectNode root = ConsoleJson.JSON.createObjectNode();
        root.put("firmwareVersion", services.firmwareVersion().orElse(null));
        ArrayNode rows = root.putArray("bundles");
        for (ConsoleServices.BundleRow b : services.bundles()) {
            rows.addObject().put("id", b.id()).put("symbolicName", b.symbolicName()).put("version", b.version())
                    .put("state", b.state()).put("startLevel", b.startLevel()).put("fragment", b.fragment());
        }
        return root;
    }

    private JsonNode securityEvents() {
        ObjectNode root = ConsoleJson.JSON.createObjectNode();
        root.put("available", services.securityEvents().isPresent());
        ArrayNode events = root.putArray("events");
        List<SecurityEvent> recent = services.securityEvents().map(s -> s.recent(securityEventsShown))
                .orElse(List.of());
        recent.stream().sorted(Comparator.comparing(SecurityEvent::at).reversed())
                .forEach(e -> events.add(ConsoleJson.securityEvent(e)));
        return root;
    }

    private DeviceModel deviceModel() {
        return services.deviceModel().orElseThrow(() -> ConsoleException
                .unavailable("the device model (io.galvani.devicemodel) is not running"));
    }

    private JsonNode writeVariable(Request request) {
        DeviceModelView.Target target = DeviceModelView.target(JsonBody.read(request, DeviceModelView.WRITE_FIELDS));
        ObjectNode result = DeviceModelView.write(deviceModel(), target);
        // Never the value: it may be a secret (a WriteOnly password).
        logger.info("Console set {}.{} ({}): {}", target.component(), target.variable(), target.attribute().value(),
                result.get("status").asText());
        return result;
    }

    // ------------------------------------------------------------------ simulation

    private JsonNode plug(Request request, boolean plug) {
        JsonBody body = JsonBody.read(request, Set.of("evseId", "connectorId"));
        EvSimulator ev = ev(body);
        if (plug) {
            ev.plug();
        } else {
            ev.unplug();
        }
        return ConsoleJson.JSON.createObjectNode().put("evseId", ev.evseId()).put("connectorId", ev.connectorId())
                .put("plugged", plug);
    }

    private JsonNode suspendEv(Request request) {
        JsonBody body = JsonBody.read(request, Set.of("evseId", "connectorId", "suspend"));
        boolean suspend = body.bool("suspend");
        EvSimulator ev = ev(body);
        ev.setSuspended(suspend);
        return ConsoleJson.JSON.createObjectNode().put("evseId", ev.evseId()).put("connectorId", ev.connectorId())
                .put("suspended", suspend);
    }

    private EvSimulator ev(JsonBody body) {
        Integer evse = body.integer("evseId", 1, null);
        if (evse == null) {
            throw ConsoleException.badRequest("missing field evseId");
        }
        int connector = body.integer("connectorId", 1, 1);
        List<EvSimulator> evs = services.evSimulators();
        if (evs.isEmpty()) {
            throw ConsoleException.unavailable(SIM_UNAVAILABLE);
        }
        return evs.stream().filter(s -> s.evseId() == evse && s.connectorId() == connector).findFirst()
                .orElseThrow(() -> new ConsoleException(404, "no simulated EV at connector " + connector
                        + " of EVSE " + evse));
    }

    private JsonNode presentCard(Request request) {
        JsonBody body = JsonBody.read(request, Set.of("idToken", "type", "evseId"));
        String idToken = body.string("idToken");
        String type = Optional.ofNullable(body.optionalString("type")).orElse("ISO14443");
        int evse = body.integer("evseId", 0, 0);
        if (evse > 0 && services.station().isPresent()
                && services.station().get().evses().stream().noneMatch(e -> e.id() == evse)) {
            throw new ConsoleException(404, "unknown EVSE " + evse);
        }
        TokenSimulator reader = services.tokenSimulator(evse)
                .orElseThrow(() -> ConsoleException.unavailable(SIM_UNAVAILABLE));
        try {
            reader.present(idToken, type, evse);
        } catch (IllegalArgumentException e) {
            throw ConsoleException.badRequest(e.getMessage());
        }
        // Only the type and where: the idToken is personal data and stays out of answers and logs.
        return ConsoleJson.JSON.createObjectNode().put("presented", true).put("type", type).put("evseId", evse);
    }

    // ------------------------------------------------------------------ live stream

    private boolean events(String method, Response response, Callback callback) {
        if (!"GET".equals(method)) {
            return json(response, callback, 405, "method " + method + " not allowed here (allowed: GET)");
        }
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/event-stream;charset=utf-8");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.getHeaders().put("X-Accel-Buffering", "no");
        boolean accepted = feed.subscribe((capacity, ended) -> new SseClient(response, callback, capacity, ended));
        if (!accepted) {
            return json(response, callback, 503, "too many live console streams; close another console tab");
        }
        return true;
    }

    private static boolean json(Response response, Callback callback, int status, String error) {
        byte[] bytes = ConsoleJson.JSON.createObjectNode().put("error", error).toString()
                .getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, JSON_TYPE);
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes.length);
        response.write(true, ByteBuffer.wrap(bytes), callback);
        return true;
    }
}
