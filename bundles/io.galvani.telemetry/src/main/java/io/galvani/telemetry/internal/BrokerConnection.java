package io.galvani.telemetry.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import javax.net.ssl.SSLSocketFactory;

import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttClientException;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/**
 * One MQTT 5 session with the broker (Paho async client, in-memory session state: what must survive is in the
 * {@link TelemetryBuffer}). Used by the telemetry sender thread only; {@code onLost} runs on a Paho thread.
 */
final class BrokerConnection {
    /** Publishes in flight at once: below the smallest Receive Maximum brokers use by default (Mosquitto: 20). */
    static final int WINDOW = 16;

    private final Settings settings;
    private final SSLSocketFactory socketFactory;
    private final Message will;
    private final Runnable onLost;
    private MqttAsyncClient client;
    /** Paho's threads of the current client, so that closing it provably ends them (Paho's own may linger). */
    private ScheduledExecutorService pahoThreads;

    BrokerConnection(Settings settings, SSLSocketFactory socketFactory, Message will, Runnable onLost) {
        this.settings = settings;
        this.socketFactory = socketFactory;
        this.will = will;
        this.onLost = onLost;
    }

    boolean connected() {
        return client != null && client.isConnected();
    }

    /** Opens a new session; blocks up to the connect timeout. */
    void connect() throws MqttException {
        closeClient();
        if (socketFactory != null) {
            probeTls();
        }
        pahoThreads = Executors.newScheduledThreadPool(8, r -> {
            Thread t = new Thread(r, "galvani-telemetry-paho");
            t.setDaemon(true);
            return t;
        });
        client = new MqttAsyncClient(settings.serverUri(), settings.stationId(), new MemoryPersistence(), null,
                pahoThreads);
        client.setCallback(new LostCallback());
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(true);
        options.setSessionExpiryInterval(0L);
        options.setKeepAliveInterval(30);
        options.setConnectionTimeout((int) settings.connectTimeout().toSeconds());
        options.setAutomaticReconnect(false); // our own back-off, with one log line per reason
        if (settings.username() != null) {
            options.setUserName(settings.username());
        }
        if (settings.password() != null) {
            options.setPassword(new String(settings.password()).getBytes(StandardCharsets.UTF_8));
        }
        if (socketFactory != null) {
            options.setSocketFactory(socketFactory);
            options.setHttpsHostnameVerificationEnabled(true);
        }
        MqttMessage lastWill = new MqttMessage(will.payload(), 1, true, new MqttProperties());
        options.setWill(will.topic(), lastWill);
        IMqttToken token = client.connect(options);
        token.waitForCompletion(settings.connectTimeout().toMillis() + 1000);
        if (!client.isConnected()) {
            throw new MqttException(MqttClientException.REASON_CODE_CLIENT_TIMEOUT);
        }
    }

    /**
     * Tries the TLS handshake on a socket of our own first, reading briefly after it: with TLS 1.3 a broker refuses
     * a missing or untrusted client certificate only after the client's handshake completed. Paho 1.2.5 has a race
     * in exactly that case (its connect thread waits for ever for a receiver that already ended), so such a refusal
     * must be seen here and never reach Paho. Also gives the precise TLS reason for the log line.
     */
    private void probeTls() throws MqttException {
        java.net.URI uri = java.net.URI.create(settings.serverUri());
        int timeout = (int) settings.connectTimeout().toMillis();
        try (javax.net.ssl.SSLSocket socket = (javax.net.ssl.SSLSocket) socketFactory.createSocket()) {
            socket.connect(new java.net.InetSocketAddress(uri.getHost(), uri.getPort()), timeout);
            javax.net.ssl.SSLParameters parameters = socket.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            socket.setSSLParameters(parameters);
            socket.setSoTimeout(timeout);
            long start = System.nanoTime();
            socket.startHandshake();
            long handshakeMillis = (System.nanoTime() - start) / 1_000_000;
            // The broker now waits for CONNECT: silence means accepted; an alert means refused.
            socket.setSoTimeout((int) Math.min(3000, Math.max(200, 2 * handshakeMillis)));
            try {
                if (socket.getInputStream().read() < 0) {
                    throw new java.io.EOFException("the broker closed the connection after the TLS handshake");
                }
            } catch (java.net.SocketTimeoutException e) {
                // accepted
            }
        } catch (java.io.IOException e) {
            throw new MqttException(MqttClientException.REASON_CODE_SERVER_CONNECT_ERROR, e);
        }
    }

    /**
     * Publishes {@code messages} in order, at most {@link #WINDOW} unacknowledged at a time, and returns once the
     * broker acknowledged all (QoS 1) or they were written (QoS 0).
     */
    void publish(List<Message> messages) throws MqttException {
        long timeout = settings.connectTimeout().toMillis();
        ArrayDeque<IMqttToken> inFlight = new ArrayDeque<>();
        for (Message m : messages) {
            if (inFlight.size() >= WINDOW) {
                inFlight.poll().waitForCompletion(timeout);
            }
            while (true) {
                try {
                    inFlight.add(client.publish(m.topic(), m.payload(), m.retained() ? 1 : settings.qos(),
                            m.retained()));
                    break;
                } catch (MqttException e) {
                    if (e.getReasonCode() != MqttClientException.REASON_CODE_MAX_INFLIGHT || inFlight.isEmpty()) {
                        throw e;
                    }
                    inFlight.poll().waitForCompletion(timeout);
                }
            }
        }
        for (IMqttToken t : inFlight) {
            t.waitForCompletion(timeout);
        }
    }

    /** Says goodbye (retained {@code offline}) and disconnects, waiting at most about a second. */
    void close(Message goodbye) {
        if (connected() && goodbye != null) {
            try {
                client.publish(goodbye.topic(), goodbye.payload(), 1, true).waitForCompletion(1000);
                // A normal DISCONNECT: the broker discards the last will.
                client.disconnect(1000).waitForCompletion(1000);
            } catch (MqttException e) {
                // the broker is gone already; the will says offline
            }
        }
        closeClient();
    }

    private void closeClient() {
        if (client == null) {
            return;
        }
        closePaho();
        pahoThreads.shutdownNow();
        pahoThreads = null;
        client = null;
    }

    private void closePaho() {
        try {
            if (client.isConnected()) {
                client.disconnectForcibly(0, 500, false);
            }
        } catch (MqttException e) {
            // closing anyway
        }
        try {
            client.close(true);
        } catch (MqttException e) {
            // nothing left to release
        }
    }

    private final class LostCallback implements MqttCallback {
        @Override
        public void disconnected(MqttDisconnectResponse response) {
            onLost.run();
        }

        @Override
        public void mqttErrorOccurred(MqttException exception) {
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
        }

        @Override
        public void deliveryComplete(IMqttToken token) {
        }

        @Override
        public void connectComplete(boolean reconnect, String serverURI) {
        }

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {
        }
    }
}
