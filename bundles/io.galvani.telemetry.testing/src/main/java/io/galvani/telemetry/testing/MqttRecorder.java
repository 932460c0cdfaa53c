package io.galvani.telemetry.testing;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/** A subscriber that records every message on a topic filter, for assertions with Awaitility. */
public final class MqttRecorder implements AutoCloseable {

    /** One received message. */
    public record Received(String topic, String payload, boolean retained, int qos) {
    }

    private final MqttClient client;
    private final MqttConnectionOptions options;
    private final List<Received> received = new CopyOnWriteArrayList<>();

    private MqttRecorder(MqttClient client, MqttConnectionOptions options) {
        this.client = client;
        this.options = options;
    }

    /**
     * A subscriber whose session outlives its connection and a restart of a {@link MosquittoBroker.Builder#persistent()
     * persistent} broker: after {@link #reconnect()} it gets what was published meanwhile.
     */
    public static MqttRecorder durable(MosquittoBroker broker, String filter) {
        return connect(broker, filter, null, null, false);
    }

    /** Connects anonymously (or as {@code user}) to the plain listener and subscribes {@code filter} with QoS 1. */
    public static MqttRecorder subscribe(MosquittoBroker broker, String filter, String user, String password) {
        return connect(broker, filter, user, password, true);
    }

    private static MqttRecorder connect(MosquittoBroker broker, String filter, String user, String password,
            boolean cleanStart) {
        try {
            MqttClient c = new MqttClient("tcp://127.0.0.1:" + broker.port(),
                    "recorder-" + System.nanoTime(), new MemoryPersistence());
            MqttConnectionOptions o = new MqttConnectionOptions();
            MqttRecorder r = new MqttRecorder(c, o);
            c.setCallback(r.new Callback());
            o.setCleanStart(cleanStart);
            if (!cleanStart) {
                o.setSessionExpiryInterval(600L);
            }
            if (user != null) {
                o.setUserName(user);
                o.setPassword(password.getBytes(StandardCharsets.UTF_8));
            }
            c.connect(o);
            c.subscribe(filter, 1);
            return r;
        } catch (MqttException e) {
            throw new IllegalStateException(e);
        }
    }

    public static MqttRecorder subscribe(MosquittoBroker broker, String filter) {
        return subscribe(broker, filter, null, null);
    }

    /** Connects again (after the broker restarted), resuming the session if it is durable. */
    public void reconnect() {
        try {
            if (!client.isConnected()) {
                client.connect(options);
            }
        } catch (MqttException e) {
            throw new IllegalStateException(e);
        }
    }

    public List<Received> all() {
        return List.copyOf(received);
    }

    public List<Received> on(String topic) {
        return received.stream().filter(r -> r.topic().equals(topic)).toList();
    }

    public List<Received> matching(Predicate<Received> p) {
        return received.stream().filter(p).toList();
    }

    public void clear() {
        received.clear();
    }

    @Override
    public void close() {
        try {
            if (client.isConnected()) {
                client.disconnect();
            }
            client.close();
        } catch (MqttException e) {
            // broker gone
        }
    }

    private final class Callback implements MqttCallback {
        @Override
        public void messageArrived(String topic, MqttMessage message) {
            received.add(new Received(topic, new String(message.getPayload(), StandardCharsets.UTF_8),
                    message.isRetained(), message.getQos()));
        }

        @Override
        public void disconnected(MqttDisconnectResponse response) {
        }

        @Override
        public void mqttErrorOccurred(MqttException exception) {
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
