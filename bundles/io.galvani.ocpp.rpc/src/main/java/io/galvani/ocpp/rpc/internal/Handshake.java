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
 * {@code ocppCsmsUrl + "/" + stationId} of the network connection profile in use, the subprotocol
 * and the Basic-auth header, checked against the profile's security profile.
 */
final class Handshake {
    static final String SUBPROTOCOL = "ocpp2.0.1";

    private Handshake() {
    }

    /** The upgrade request for {@code uri} (from {@link #connectionUri}): subprotocol and credentials. */
    static ClientUpgradeRequest upgradeRequest(URI uri, int securityProfile, String stationId, String password) {
        ClientUpgradeRequest upgrade = new ClientUpgradeRequest(uri);
        upgrade.setSubProtocols(SUBPROTOCOL);
        if (securityProfile != 3 && password != null && !password.isEmpty()) {
            upgrade.setHeader("Authorization", basicAuth(stationId, password));
        }
        return upgrade;
    }

    static String basicAuth(String stationId, String password) {
        return "Basic " + Base64.getEncoder()
                .encodeToString((stationId + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * csmsUrl + "/" + percent-encoded stationId, checked against the security profile.
     *
     * @throws IllegalArgumentException saying what to fix
     */
    static URI connectionUri(String csmsUrl, int securityProfile, String stationId) {
        if (csmsUrl == null || csmsUrl.isBlank()) {
            throw new IllegalArgumentException("csmsUrl is not configured");
        }
        String id = stationId;
        if (id == null || id.isEmpty() || id.length() > 48 || id.indexOf(':') >= 0) {
            throw new IllegalArgumentException("stationId must be 1 to 48 characters without ':'");
        }
        URI uri;
        try {
            uri = new URI(csmsUrl.endsWith("/") ? csmsUrl + encode(id) : csmsUrl + "/" + encode(id));
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("csmsUrl is not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("ws") && !scheme.equals("wss")) {
            throw new IllegalArgumentException("csmsUrl must start with ws:// or wss://");
        }
        if (securityProfile < 1 || securityProfile > 3) {
            throw new IllegalArgumentException("securityProfile " + securityProfile + " is not 1, 2 or 3");
        }
        if (securityProfile >= 2 && !scheme.equals("wss")) {
            throw new IllegalArgumentException("securityProfile " + securityProfile
                    + " needs TLS: set a wss:// csmsUrl or use securityProfile 1");
        }
        return uri;
    }

    /** The endpoint as shown in LinkStatus and logs: without user info; "" if the URL is unusable. */
    static String endpointOf(String csmsUrl, int securityProfile, String stationId) {
        try {
            URI u = connectionUri(csmsUrl, securityProfile, stationId);
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
