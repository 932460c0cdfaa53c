package io.galvani.ocpp.rpc.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;

import org.eclipse.jetty.websocket.client.ClientUpgradeRequest;

/**
 * What the station sends when it opens the WebSocket (OCPP-J §3): the URL
 * {@code csmsUrl + "/" + stationId}, the subprotocol and the Basic-auth header, all derived from the
 * configuration and checked against the security profile.
 */
final class Handshake {
    static final String SUBPROTOCOL = "ocpp2.0.1";

    private Handshake() {
    }

    /** The upgrade request for {@code uri} (from {@link #connectionUri}): subprotocol and credentials. */
    static ClientUpgradeRequest upgradeRequest(URI uri, RpcConfig cfg) {
        ClientUpgradeRequest upgrade = new ClientUpgradeRequest(uri);
        upgrade.setSubProtocols(SUBPROTOCOL);
        String password = cfg._basicAuthPassword();
        if (cfg.securityProfile() != 3 && password != null && !password.isEmpty()) {
            upgrade.setHeader("Authorization", basicAuth(cfg.stationId(), password));
        }
        return upgrade;
    }

    static String basicAuth(String stationId, String password) {
        return "Basic " + Base64.getEncoder()
                .encodeToString((stationId + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** csmsUrl + "/" + percent-encoded stationId, checked against the security profile. */
    static URI connectionUri(RpcConfig cfg) {
        String base = cfg.csmsUrl();
        if (base == null || base.isBlank()) {
            throw new IllegalArgumentException("csmsUrl is not configured");
        }
        String id = cfg.stationId();
        if (id == null || id.isEmpty() || id.length() > 48 || id.indexOf(':') >= 0) {
            throw new IllegalArgumentException("stationId must be 1 to 48 characters without ':'");
        }
        URI uri;
        try {
            uri = new URI(base.endsWith("/") ? base + encode(id) : base + "/" + encode(id));
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("csmsUrl is not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("ws") && !scheme.equals("wss")) {
            throw new IllegalArgumentException("csmsUrl must start with ws:// or wss://");
        }
        int profile = cfg.securityProfile();
        if (profile < 1 || profile > 3) {
            throw new IllegalArgumentException("securityProfile " + profile + " is not 1, 2 or 3");
        }
        if (profile >= 2 && !scheme.equals("wss")) {
            throw new IllegalArgumentException("securityProfile " + profile
                    + " needs TLS: set a wss:// csmsUrl or use securityProfile 1");
        }
        return uri;
    }

    /** The endpoint as shown in LinkStatus and logs: without user info. */
    static String endpointOf(RpcConfig cfg) {
        try {
            URI u = connectionUri(cfg);
            return new URI(u.getScheme(), null, u.getHost(), u.getPort(), u.getRawPath() == null ? null : u.getPath(),
                    null, null).toASCIIString();
        } catch (IllegalArgumentException | URISyntaxException e) {
            return "";
        }
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
