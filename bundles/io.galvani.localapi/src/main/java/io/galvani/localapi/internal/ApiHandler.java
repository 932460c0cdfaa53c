package io.galvani.localapi.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.galvani.devicemodel.api.DeviceModel;
import io.galvani.devicemodel.api.VariableDefinition;
import io.galvani.devicemodel.api.VariableRead;
import io.galvani.hal.api.Display;
import io.galvani.hal.api.DisplayContent;
import io.galvani.hal.sim.api.EvSimulator;
import io.galvani.hal.sim.api.TamperSimulator;
import io.galvani.hal.sim.api.TokenSimulator;
import io.galvani.ocpp.api.LinkStatus;
import io.galvani.ocpp.api.OcppLink;
import io.galvani.outbox.api.OutboxStatus;
import io.galvani.provisioning.api.Registration;
import io.galvani.security.api.SecurityEvent;
import io.galvani.security.api.SecurityEvents;
import io.galvani.station.api.ConnectorView;
import io.galvani.station.api.EvseView;
import io.galvani.station.api.Station;
import io.galvani.transactions.api.SessionView;
import io.galvani.transactions.api.Sessions;

/**
 * The {@code /api/v1} endpoints (see the bundle README for the contract). Runs on the server's
 * pool threads; every answer, error or not, is JSON.
 */
final class ApiHandler extends Handler.Abstract {

    /** What the endpoints need from the rest of the station; absent optional services are empty. */
    interface Services {
        String stationId();

        Station station();

        Optional<OcppLink> link();

        Optional<Registration> registration();

        Optional<EvSimulator> evSimulator(int evseId, int connectorId);

        Optional<TokenSimulator> tokenSimulator(int evseId);

        Optional<Display> display();

        Optional<DeviceModel> deviceModel();

        /** The sessions of the transaction bundle; empty while it is not running. */
        Optional<Sessions> sessions();

        /** The outbox (messages stored for the CSMS); empty while it is not running. */
        Optional<OutboxStatus> outbox();

        /** The simulated enclosure door switch; empty without one. */
        Optional<TamperSimulator> tamperSimulator();

        /** The framework's bundles now; empty without a framework (tests). */
        Optional<BundleListing> bundles();

        /** The firmware version of the installed bundle set; empty without a firmware installer. */
        Optional<String> firmwareVersion();

        /** The security events service; empty while {@code io.galvani.security.events} is not running. */
        Optional<SecurityEvents> securityEvents();
    }

    static final String JSON_TYPE = "application/json";
    static final int MAX_BODY_BYTES = 16 * 1024;
    static final String DEFAULT_TOKEN_TYPE = "ISO14443";
    /** How long plug/unplug waits for the station to see the change before answering. */
    static final long PLUG_SETTLE_MILLIS = 1_000;
    static final int DEFAULT_SECURITY_EVENTS = 50;
    static final int MAX_SECURITY_EVENTS = 1000;

    private static final Logger logger = LoggerFactory.getLogger(ApiHandler.class);
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    private static final String PREFIX = "/api/v1";
    private static final Pattern EVSE_ACTION = Pattern.compile("/api/v1/evses/([^/]+)/(plug|unplug|ev)");

    private final Services services;

    ApiHandler(Services services) {
        this.services = services;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String method = request.getMethod();
        String path = request.getHttpURI().getPath();
        int status;
        JsonNode body;
        try {
            Reply reply = route(method, path, request);
            status = reply.status();
            body = reply.body();
        } catch (ApiException e) {
            status = e.status();
            body = JSON.createObjectNode().put("error", e.getMessage());
            if (e.allow() != null) {
                response.getHeaders().put(HttpHeader.ALLOW, e.allow());
            }
            if (status == 413) {
                response.getHeaders().put(HttpHeader.CONNECTION, "close");
            }
        } catch (RuntimeException e) {
            // A bug (here or in a collaborator): say so, and keep the trace for the developer.
            logger.warn("Local API {} {} failed", method, path, e);
            status = 500;
            body = JSON.createObjectNode().put("error", "internal error: " + e);
        }
        // Method, path and status only: bodies may carry an idToken (personal data).
        logger.debug("{} {} -> {}", method, path, status);
        byte[] bytes = serialize(body);
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, JSON_TYPE);
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes.length);
        response.write(true, ByteBuffer.wrap(bytes), callback);
        return true;
    }

    private record Reply(int status, JsonNode body) {
    }

    private Reply route(String method, String path, Request request) {
        long length = request.getLength();
        if (length > MAX_BODY_BYTES) {
            throw new ApiException(413, "request body of " + length + " bytes exceeds the limit of " + MAX_BODY_BYTES
                    + " bytes");
        }
        switch (path) {
            case PREFIX + "/status":
                allow(method, path, "GET");
                return new Reply(200, status());
            case PREFIX + "/sessions":
                allow(method, path, "GET");
                return new Reply(200, sessions());
            case PREFIX + "/display":
                allow(method, path, "GET");
                return new Reply(200, display());
            case PREFIX + "/device-model":
                allow(method, path, "GET");
                return new Reply(200, deviceModel());
            case PREFIX + "/bundles":
                allow(method, path, "GET");
                return new Reply(200, bundles());
            case PREFIX + "/security-events":
                allow(method, path, "GET");
                return new Reply(200, securityEvents(request));
            case PREFIX + "/rfid":
                allow(method, path, "POST");
                return new Reply(202, rfid(readObject(request)));
            case PREFIX + "/tamper":
                allow(method, path, "POST");
                return new Reply(200, tamper(readObject(request)));
            default:
                break;
        }
        Matcher m = EVSE_ACTION.matcher(path);
        if (m.matches()) {
            allow(method, path, "POST");
            int evseId = evseId(m.group(1));
            int connectorId = connectorId(request);
            return switch (m.group(2)) {
                case "plug" -> new Reply(200, plug(evseId, connectorId, true));
                case "unplug" -> new Reply(200, plug(evseId, connectorId, false));
                default -> new Reply(200, ev(evseId, connectorId, request));
            };
        }
        throw ApiException.notFound("no resource " + path);
    }

    private static void allow(String method, String path, String allowed) {
        if (!method.equals(allowed)) {
            throw ApiException.methodNotAllowed(method, path, allowed);
        }
    }

    // ---- GET /api/v1/status ----

    private JsonNode status() {
        ObjectNode root = JSON.createObjectNode();
        root.put("stationId", services.stationId());
        ObjectNode ocpp = root.putObject("ocpp");
        Optional<LinkStatus> link = services.link().map(OcppLink::status);
        ocpp.put("connected", link.map(LinkStatus::connected).orElse(false));
        ocpp.put("registrationStatus", services.registration().map(r -> r.status().name()).orElse("Unknown"));
        ocpp.put("endpoint", link.map(LinkStatus::endpoint).orElse(null));
        ocpp.put("lastError", link.map(LinkStatus::lastError).orElse(null));
        Optional<OutboxStatus> outbox = services.outbox();
        ocpp.put("queued", outbox.map(OutboxStatus::queued).orElse(null));
        ocpp.put("oldestQueued", outbox.map(OutboxStatus::oldest).map(Object::toString).orElse(null));
        ArrayNode evses = root.putArray("evses");
        Optional<Sessions> sessions = services.sessions();
        for (EvseView evse : services.station().evses()) {
            ObjectNode e = evses.addObject();
            e.put("id", evse.id());
            ArrayNode connectors = e.putArray("connectors");
            for (ConnectorView c : evse.connectors()) {
                connectors.addObject()
                        .put("id", c.connectorId())
                        .put("type", c.type())
                        .put("status", c.status() == null ? null : c.status().name())
                        .put("plugged", c.plugged());
            }
            // Without the transaction bundle nothing is known about sessions: nulls.
            SessionView session = sessions.flatMap(s -> s.session(evse.id())).orElse(null);
            e.put("transactionId", session == null ? null : session.transactionId());
            e.put("chargingState", session == null ? null : session.chargingState());
            e.set("session", session == null ? null : SessionJson.summary(session));
        }
        return root;
    }

    // ---- GET /api/v1/bundles ----

    private JsonNode bundles() {
        BundleListing listing = services.bundles().orElseThrow(() -> ApiException.unavailable("no framework"));
        ObjectNode root = JSON.createObjectNode();
        root.put("firmwareVersion", services.firmwareVersion().orElse(null));
        root.put("frameworkStartLevel", listing.frameworkStartLevel());
        ArrayNode bundles = root.putArray("bundles");
        for (BundleListing.Row row : listing.bundles()) {
            bundles.addObject()
                    .put("id", row.id())
                    .put("symbolicName", row.symbolicName())
                    .put("version", row.version())
                    .put("state", row.state())
                    .put("startLevel", row.startLevel())
                    .put("fragment", row.fragment());
        }
        return root;
    }

    // ---- GET /api/v1/security-events ----

    private JsonNode securityEvents(Request request) {
        String raw = Request.extractQueryParameters(request).getValue("max");
        int max = DEFAULT_SECURITY_EVENTS;
        if (raw != null) {
            try {
                max = Integer.parseInt(raw);
            } catch (NumberFormatException e) {
                max = 0;
            }
            if (max < 1 || max > MAX_SECURITY_EVENTS) {
                throw ApiException.badRequest("query parameter max must be an integer from 1 to " + MAX_SECURITY_EVENTS
                        + ", not \"" + raw + "\"");
            }
        }
        SecurityEvents events = services.securityEvents().orElseThrow(() -> ApiException.unavailable(
                "no security events: the security events bundle (io.galvani.security.events) is not running"));
        ObjectNode root = JSON.createObjectNode();
        ArrayNode list = root.putArray("events");
        for (SecurityEvent e : events.recent(max)) {
            list.addObject()
                    .put("at", e.at() == null ? null : e.at().toString())
                    .put("type", e.type())
                    .put("techInfo", e.techInfo())
                    .put("critical", e.critical());
        }
        return root;
    }

    // ---- GET /api/v1/sessions ----

    private JsonNode sessions() {
        Sessions sessions = services.sessions().orElseThrow(() -> ApiException.unavailable(
                "no session data: the transactions bundle (io.galvani.transactions) is not running"));
        ArrayNode list = JSON.createArrayNode();
        for (SessionView session : sessions.sessions()) {
            if (session != null) {
                list.add(SessionJson.full(session));
            }
        }
        return list;
    }

    // ---- GET /api/v1/device-model ----

    /** Every variable with its attributes, as GetBaseReport would report it: write-only values are left out. */
    private JsonNode deviceModel() {
        DeviceModel model = services.deviceModel()
                .orElseThrow(() -> new ApiException(503, "the device model is not running"));
        ObjectNode root = JSON.createObjectNode();
        ArrayNode variables = root.putArray("variables");
        for (VariableDefinition d : model.definitions()) {
            ObjectNode v = variables.addObject();
            v.put("component", d.component().name());
            putIfSet(v, "componentInstance", d.component().instance());
            if (d.component().evseId() != null) {
                v.put("evseId", d.component().evseId());
            }
            if (d.component().connectorId() != null) {
                v.put("connectorId", d.component().connectorId());
            }
            v.put("variable", d.variable().name());
            putIfSet(v, "variableInstance", d.variable().instance());
            v.put("dataType", d.characteristics().dataType().value());
            putIfSet(v, "unit", d.characteristics().unit());
            ArrayNode attributes = v.putArray("attributes");
            d.attributes().forEach((type, attribute) -> {
                ObjectNode a = attributes.addObject().put("type", type.value())
                        .put("mutability", attribute.mutability().value());
                if (attribute.readable()) {
                    VariableRead read = model.read(d.component(), d.variable(), type);
                    if (read.value() != null) {
                        a.put("value", read.value());
                    }
                }
            });
        }
        return root;
    }

    private static void putIfSet(ObjectNode node, String field, String value) {
        if (value != null) {
            node.put(field, value);
        }
    }

    // ---- POST /api/v1/evses/{evseId}/plug|unplug ----

    private JsonNode plug(int evseId, int connectorId, boolean plug) {
        ConnectorView before = connector(evseId, connectorId);
        EvSimulator ev = evSimulator(evseId, connectorId);
        simulate(plug ? ev::plug : ev::unplug);
        // The simulator reports through the HAL on its own thread: give the station a moment to
        // see the change, so that the answer shows the result. Idempotent: already so is fine.
        ConnectorView view = before;
        long deadline = System.nanoTime() + PLUG_SETTLE_MILLIS * 1_000_000;
        while (view.plugged() != plug && System.nanoTime() < deadline) {
            sleep(10);
            view = connector(evseId, connectorId);
        }
        return connectorJson(view);
    }

    // ---- POST /api/v1/evses/{evseId}/ev ----

    private JsonNode ev(int evseId, int connectorId, Request request) {
        connector(evseId, connectorId);
        ObjectNode body = readObject(request);
        fields(body, "suspend");
        JsonNode suspend = body.get("suspend");
        if (suspend == null || suspend.isNull()) {
            throw ApiException.badRequest("missing field suspend (true or false)");
        }
        if (!suspend.isBoolean()) {
            throw ApiException.badRequest("field suspend must be true or false, not " + suspend);
        }
        EvSimulator ev = evSimulator(evseId, connectorId);
        simulate(() -> ev.setSuspended(suspend.booleanValue()));
        return JSON.createObjectNode()
                .put("evseId", evseId)
                .put("connectorId", connectorId)
                .put("suspended", suspend.booleanValue());
    }

    // ---- POST /api/v1/rfid ----

    private JsonNode rfid(ObjectNode body) {
        fields(body, "idToken", "type", "evseId");
        String idToken = text(body, "idToken", null);
        String type = text(body, "type", DEFAULT_TOKEN_TYPE);
        int evseId = 0;
        JsonNode evse = body.get("evseId");
        if (evse != null && !evse.isNull()) {
            if (!evse.isIntegralNumber() || !evse.canConvertToInt() || evse.intValue() < 0) {
                throw ApiException.badRequest("field evseId must be an integer >= 0 (0: station-wide), not " + evse);
            }
            evseId = evse.intValue();
        }
        if (evseId != 0) {
            evse(evseId);
        }
        TokenSimulator reader = services.tokenSimulator(evseId).orElseThrow(() -> ApiException.unavailable(
                "no token simulator: the simulated RFID reader (io.galvani.hal.sim.rfid) is not running"));
        int at = evseId;
        simulate(() -> reader.present(idToken, type, at));
        ObjectNode reply = JSON.createObjectNode();
        reply.putObject("presented").put("idToken", idToken).put("type", type).put("evseId", evseId);
        return reply;
    }

    // ---- POST /api/v1/tamper ----

    private JsonNode tamper(ObjectNode body) {
        fields(body, "tampered");
        JsonNode tampered = body.get("tampered");
        if (tampered == null || !tampered.isBoolean()) {
            throw ApiException.badRequest("field tampered must be true (enclosure opened) or false (closed)");
        }
        TamperSimulator sensor = services.tamperSimulator().orElseThrow(() -> ApiException.unavailable(
                "no tamper simulator: the simulated tamper sensor (io.galvani.hal.sim.tamper) is not running"));
        simulate(() -> sensor.setTampered(tampered.booleanValue()));
        return JSON.createObjectNode().put("tampered", tampered.booleanValue());
    }

    // ---- GET /api/v1/display ----

    private JsonNode display() {
        Display display = services.display().orElseThrow(() -> ApiException.unavailable(
                "no display: the simulated display (io.galvani.hal.sim.display) or a display driver is not running"));
        DisplayContent content = display.current();
        ObjectNode reply = JSON.createObjectNode();
        ArrayNode lines = reply.putArray("lines");
        (content == null ? List.<String>of() : content.lines()).forEach(lines::add);
        return reply;
    }

    // ---- helpers ----

    private EvseView evse(int evseId) {
        return services.station().evses().stream()
                .filter(e -> e.id() == evseId)
                .findFirst()
                .orElseThrow(() -> ApiException.notFound("unknown EVSE " + evseId));
    }

    private ConnectorView connector(int evseId, int connectorId) {
        evse(evseId);
        return services.station().connector(evseId, connectorId)
                .orElseThrow(() -> ApiException.notFound("unknown connector " + connectorId + " of EVSE " + evseId));
    }

    private EvSimulator evSimulator(int evseId, int connectorId) {
        return services.evSimulator(evseId, connectorId).orElseThrow(() -> ApiException.unavailable(
                "no EV simulator for EVSE " + evseId + " connector " + connectorId
                        + ": the simulated EV (io.galvani.hal.sim.ev) is not running for it"));
    }

    private static int evseId(String segment) {
        try {
            int id = Integer.parseInt(segment);
            if (id >= 1) {
                return id;
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw ApiException.notFound("unknown EVSE " + segment);
    }

    private static int connectorId(Request request) {
        String raw = Request.extractQueryParameters(request).getValue("connectorId");
        if (raw == null) {
            return 1;
        }
        try {
            int id = Integer.parseInt(raw);
            if (id >= 1) {
                return id;
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw ApiException.badRequest("query parameter connectorId must be an integer >= 1, not \"" + raw + "\"");
    }

    /** Calls a simulator: its IllegalArgumentException is a bad request, its IllegalStateException a conflict. */
    private static void simulate(Runnable control) {
        try {
            control.run();
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        } catch (IllegalStateException e) {
            throw new ApiException(409, e.getMessage());
        }
    }

    private static ObjectNode readObject(Request request) {
        byte[] bytes;
        try (InputStream in = Request.asInputStream(request)) {
            bytes = in.readNBytes(MAX_BODY_BYTES + 1);
        } catch (IOException e) {
            throw ApiException.badRequest("could not read the request body: " + e.getMessage());
        }
        if (bytes.length > MAX_BODY_BYTES) {
            throw new ApiException(413, "request body exceeds the limit of " + MAX_BODY_BYTES + " bytes");
        }
        if (bytes.length == 0) {
            throw ApiException.badRequest("missing request body: a JSON object is expected");
        }
        JsonNode node;
        try {
            node = JSON.readTree(bytes);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? ""
                    : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            throw ApiException.badRequest("malformed JSON" + where + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw ApiException.badRequest("malformed JSON: " + e.getMessage());
        }
        if (node == null || !node.isObject()) {
            throw ApiException.badRequest("the request body must be a JSON object");
        }
        return (ObjectNode) node;
    }

    /** Rejects fields the endpoint does not know, so that a typo is not silently ignored. */
    private static void fields(ObjectNode body, String... known) {
        Set<String> allowed = Set.of(known);
        for (Iterator<String> names = body.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw ApiException.badRequest("unknown field " + name + " (expected " + String.join(", ", known) + ")");
            }
        }
    }

    private static String text(ObjectNode body, String field, String defaultValue) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            if (defaultValue == null) {
                throw ApiException.badRequest("missing field " + field);
            }
            return defaultValue;
        }
        if (!v.isTextual()) {
            throw ApiException.badRequest("field " + field + " must be a string, not " + v.getNodeType());
        }
        return v.textValue();
    }

    private static ObjectNode connectorJson(ConnectorView c) {
        return JSON.createObjectNode()
                .put("evseId", c.evseId())
                .put("connectorId", c.connectorId())
                .put("type", c.type())
                .put("status", c.status() == null ? null : c.status().name())
                .put("plugged", c.plugged());
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(503, "interrupted while waiting for the station");
        }
    }

    private static byte[] serialize(JsonNode body) {
        try {
            return JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            return errorBody("internal error: " + e.getOriginalMessage());
        }
    }

    /** {@code {"error": message}} as UTF-8 JSON. */
    static byte[] errorBody(String message) {
        try {
            return JSON.writeValueAsBytes(JSON.createObjectNode().put("error", message));
        } catch (JsonProcessingException e) {
            return "{\"error\":\"internal error\"}".getBytes(StandardCharsets.UTF_8);
        }
    }
}
