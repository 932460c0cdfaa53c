package io.galvani.csms.demo.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.server.ServerUpgradeRequest;
import org.eclipse.jetty.websocket.server.ServerUpgradeResponse;
import org.eclipse.jetty.websocket.server.WebSocketCreator;

import io.galvani.csms.demo.DemoCsms;
import io.galvani.csms.demo.Handshake;

/**
 * Decides each WebSocket upgrade: station id from the path, optional Basic auth (401 before the upgrade), and
 * subprotocol negotiation. A client that does not offer ocpp2.0.1 still gets its upgrade, without a subprotocol,
 * and is closed right after (OCPP-J Part 4 §3.2).
 */
final class HandshakeGate implements WebSocketCreator {

    private final String path;
    private final byte[] password;
    private final Stations stations;
    private final Dispatcher dispatcher;
    private final TrafficLog traffic;

    HandshakeGate(String path, String password, Stations stations, Dispatcher dispatcher, TrafficLog traffic) {
        this.path = path;
        this.password = password == null ? null : password.getBytes(StandardCharsets.UTF_8);
        this.stations = stations;
        this.dispatcher = dispatcher;
        this.traffic = traffic;
    }

    @Override
    public Object createWebSocket(ServerUpgradeRequest request, ServerUpgradeResponse response, Callback callback) {
        String stationId = stationId(Request.getPathInContext(request));
        if (stationId == null) {
            refuse(response, callback, HttpStatus.NOT_FOUND_404, "Connect to " + path + "/<stationId>");
            return null;
        }
        List<String> offered = request.getSubProtocols();
        if (password != null && !authorized(request.getHeaders().get(HttpHeader.AUTHORIZATION), stationId)) {
            stations.handshake(new Handshake(Instant.now(), stationId, headers(request), offered, null, 401,
                    TlsConnector.clientCertificates(request)));
            traffic.event(stationId, "refused: HTTP 401, missing or wrong Basic credentials");
            response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Basic realm=\"Galvani demo CSMS\"");
            refuse(response, callback, HttpStatus.UNAUTHORIZED_401, "Unauthorized");
            return null;
        }
        String accepted = request.hasSubProtocol(DemoCsms.SUBPROTOCOL) ? DemoCsms.SUBPROTOCOL : null;
        if (accepted != null) {
            response.setAcceptedSubProtocol(accepted);
        }
        stations.handshake(new Handshake(Instant.now(), stationId, headers(request), offered, accepted, 101,
                TlsConnector.clientCertificates(request)));
        return new OcppEndpoint(stationId, accepted, dispatcher);
    }

    /** The single path segment after the endpoint path, or {@code null}. */
    private String stationId(String requestPath) {
        String prefix = path + "/";
        if (requestPath == null || !requestPath.startsWith(prefix)) {
            return null;
        }
        String id = requestPath.substring(prefix.length());
        return id.isEmpty() || id.contains("/") ? null : id;
    }

    private boolean authorized(String header, String stationId) {
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return false;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return false;
        }
        int colon = decoded.indexOf(':'); // the station id cannot contain ':', the password may
        if (colon < 0 || !decoded.substring(0, colon).equals(stationId)) {
            return false;
        }
        return MessageDigest.isEqual(decoded.substring(colon + 1).getBytes(StandardCharsets.UTF_8), password);
    }

    private static Map<String, List<String>> headers(Request request) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (HttpField field : request.getHeaders()) {
            headers.computeIfAbsent(field.getName(), name -> new ArrayList<>()).add(field.getValue());
        }
        return headers;
    }

    private static void refuse(ServerUpgradeResponse response, Callback callback, int status, String text) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain;charset=utf-8");
        Content.Sink.write(response, true, text + "\n", callback);
    }
}
