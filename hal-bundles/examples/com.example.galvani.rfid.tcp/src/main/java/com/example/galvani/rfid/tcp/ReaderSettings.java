package com.example.galvani.rfid.tcp;

import java.util.Set;

/** The validated configuration of one reader; every error names the property and what it accepts. */
record ReaderSettings(int evseId, String host, int port, String tokenType, int connectTimeoutMillis,
        long reconnectMinMillis, long reconnectMaxMillis, long repeatSuppressMillis, int readTimeoutSeconds) {

    static final Set<String> TOKEN_TYPES = Set.of("ISO14443", "ISO15693");

    ReaderSettings {
        require(evseId >= 0, "hal.evse.id must be 0 (station-wide) or an EVSE id >= 1, was " + evseId);
        require(host != null && !host.isBlank(), "host must be set to the reader's IP address or host name");
        require(port >= 1 && port <= 65535, "port must be 1..65535, was " + port);
        require(TOKEN_TYPES.contains(tokenType), "tokenType must be ISO14443 or ISO15693, was '" + tokenType + "'");
        require(connectTimeoutMillis >= 100, "connectTimeoutMillis must be >= 100, was " + connectTimeoutMillis);
        require(reconnectMinMillis >= 10, "reconnectMinMillis must be >= 10, was " + reconnectMinMillis);
        require(reconnectMaxMillis >= reconnectMinMillis, "reconnectMaxMillis (" + reconnectMaxMillis
                + ") must be >= reconnectMinMillis (" + reconnectMinMillis + ")");
        require(repeatSuppressMillis >= 0, "repeatSuppressMillis must be >= 0, was " + repeatSuppressMillis);
        require(readTimeoutSeconds >= 0, "readTimeoutSeconds must be >= 0 (0 = off), was " + readTimeoutSeconds);
    }

    static ReaderSettings of(TcpRfidReader.Config c) {
        return new ReaderSettings(c.hal_evse_id(), c.host(), c.port(), c.tokenType(), c.connectTimeoutMillis(),
                c.reconnectMinMillis(), c.reconnectMaxMillis(), c.repeatSuppressMillis(), c.readTimeoutSeconds());
    }

    String address() {
        return host + ":" + port;
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(TcpRfidReader.PID + ": " + message);
        }
    }
}
