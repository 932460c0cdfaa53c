package io.galvani.localapi.internal;

import java.lang.annotation.Annotation;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;

import io.galvani.hal.api.DeviceStatus;
import io.galvani.hal.api.Display;
import io.galvani.hal.api.DisplayContent;
import io.galvani.hal.sim.api.EvSimulator;
import io.galvani.hal.sim.api.TokenSimulator;
import io.galvani.ocpp.api.LinkStatus;
import io.galvani.ocpp.api.OcppLink;
import io.galvani.ocpp.model.OcppRequest;
import io.galvani.ocpp.model.OcppResponse;
import io.galvani.provisioning.api.Registration;
import io.galvani.provisioning.api.RegistrationStatus;
import io.galvani.station.api.ConnectorStatus;
import io.galvani.station.api.ConnectorView;
import io.galvani.station.api.EvseView;
import io.galvani.station.api.Station;
import io.galvani.transactions.api.SessionView;
import io.galvani.transactions.api.Sessions;

/** Small stand-ins for the bundles and hardware the local API talks to. */
final class Fakes {
    private Fakes() {
    }

    static LocalApi.Config config(int port) {
        return config(LocalApi.HOST, port);
    }

    static LocalApi.Config config(String host, int port) {
        return new LocalApi.Config() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return LocalApi.Config.class;
            }

            @Override
            public String host() {
                return host;
            }

            @Override
            public int port() {
                return port;
            }

            @Override
            public int sessionIdleMinutes() {
                return 15;
            }
        };
    }

    /** A station with connectors keyed "evse/connector"; plugging updates the status as the real one does. */
    static final class FakeStation implements Station {
        private final Map<Integer, Map<Integer, ConnectorView>> evses = new TreeMap<>();

        synchronized FakeStation connector(int evseId, int connectorId, String type) {
            evses.computeIfAbsent(evseId, k -> new TreeMap<>())
                    .put(connectorId, new ConnectorView(evseId, connectorId, type, ConnectorStatus.Available, false));
            return this;
        }

        synchronized void setPlugged(int evseId, int connectorId, boolean plugged) {
            ConnectorView c = evses.get(evseId).get(connectorId);
            evses.get(evseId).put(connectorId, new ConnectorView(evseId, connectorId, c.type(),
                    plugged ? ConnectorStatus.Occupied : ConnectorStatus.Available, plugged));
        }

        @Override
        public synchronized List<EvseView> evses() {
            List<EvseView> list = new ArrayList<>();
            evses.forEach((id, connectors) -> list.add(new EvseView(id, List.copyOf(connectors.values()))));
            return list;
        }

        @Override
        public synchronized Optional<ConnectorView> connector(int evseId, int connectorId) {
            return Optional.ofNullable(evses.getOrDefault(evseId, Map.of()).get(connectorId));
        }

        @Override
        public void setClaimed(int evseId, int connectorId, boolean claimed) {
        }

        @Override
        public void setUnavailable(int evseId, int connectorId, boolean unavailable) {
        }
    }

    /** An EV that reports plug changes to the station a little later, on another thread, as the HAL does. */
    static final class FakeEv implements EvSimulator {
        private final FakeStation station;
        private final int evseId;
        private final int connectorId;
        final List<String> calls = new CopyOnWriteArrayList<>();

        FakeEv(FakeStation station, int evseId, int connectorId) {
            this.station = station;
            this.evseId = evseId;
            this.connectorId = connectorId;
        }

        Map<String, Object> properties() {
            return Map.of("hal.evse.id", evseId, "hal.connector.id", connectorId);
        }

        @Override
        public int evseId() {
            return evseId;
        }

        @Override
        public int connectorId() {
            return connectorId;
        }

        @Override
        public void plug() {
            calls.add("plug");
            report(true);
        }

        @Override
        public void unplug() {
            calls.add("unplug");
            report(false);
        }

        private void report(boolean plugged) {
            Thread t = new Thread(() -> {
                try {
                    Thread.sleep(30);
                } catch (InterruptedException e) {
                    return;
                }
                station.setPlugged(evseId, connectorId, plugged);
            }, "fake-hal");
            t.start();
        }

        @Override
        public void setSuspended(boolean suspended) {
            calls.add("suspended=" + suspended);
        }

        @Override
        public void setStateOfCharge(double pct) {
            calls.add("soc=" + pct);
        }
    }

    /** Validates like the simulated reader does and records what was presented. */
    static final class FakeTokenReader implements TokenSimulator {
        final List<String> presented = new CopyOnWriteArrayList<>();

        @Override
        public void present(String idToken, String type, int evseId) {
            if (!ID_TOKEN_TYPES.contains(type)) {
                throw new IllegalArgumentException("type " + type + " is not an IdTokenEnumType value");
            }
            if (idToken.length() > MAX_ID_TOKEN_LENGTH) {
                throw new IllegalArgumentException("idToken is " + idToken.length() + " characters long; at most "
                        + MAX_ID_TOKEN_LENGTH + " allowed");
            }
            presented.add(idToken + "/" + type + "@" + evseId);
        }
    }

    static final class FakeDisplay implements Display {
        private volatile DisplayContent content;

        FakeDisplay(String... lines) {
            content = DisplayContent.of(lines);
        }

        @Override
        public int rows() {
            return 4;
        }

        @Override
        public int columns() {
            return 20;
        }

        @Override
        public void show(DisplayContent c) {
            content = c;
        }

        @Override
        public DisplayContent current() {
            return content;
        }

        @Override
        public DeviceStatus status() {
            return DeviceStatus.ONLINE;
        }
    }

    static final class FakeLink implements OcppLink {
        volatile boolean connected = true;

        @Override
        public <R extends OcppResponse> CompletionStage<R> call(OcppRequest<R> request) {
            throw new UnsupportedOperationException();
        }

        @Override
        public LinkStatus status() {
            return new LinkStatus(connected, "ws://127.0.0.1:9000/ocpp/CS-TEST-1", 1, Instant.EPOCH, 0, null);
        }

        @Override
        public void gateChanged() {
        }
    }

    static final class FakeRegistration implements Registration {
        volatile RegistrationStatus status = RegistrationStatus.Accepted;

        @Override
        public RegistrationStatus status() {
            return status;
        }

        @Override
        public Optional<Instant> acceptedAt() {
            return Optional.of(Instant.EPOCH);
        }

        @Override
        public int heartbeatIntervalSeconds() {
            return 300;
        }
    }

    /** The transaction bundle's session views, set by the test. */
    static final class FakeSessions implements Sessions {
        private final Map<Integer, SessionView> views = new TreeMap<>();

        synchronized FakeSessions put(SessionView view) {
            views.put(view.evseId(), view);
            return this;
        }

        @Override
        public synchronized List<SessionView> sessions() {
            return new ArrayList<>(views.values());
        }

        @Override
        public synchronized Optional<SessionView> session(int evseId) {
            return Optional.ofNullable(views.get(evseId));
        }
    }
}
