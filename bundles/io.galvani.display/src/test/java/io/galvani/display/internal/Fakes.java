package io.galvani.display.internal;

import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceListener;

import io.galvani.hal.api.DeviceStatus;
import io.galvani.hal.api.Display;
import io.galvani.hal.api.DisplayContent;
import io.galvani.provisioning.api.Registration;
import io.galvani.provisioning.api.RegistrationStatus;
import io.galvani.station.api.StationClock;
import io.galvani.transactions.api.SessionListener;
import io.galvani.transactions.api.SessionPhase;
import io.galvani.transactions.api.SessionView;

/** Stand-ins for the display driver, the transaction bundle and the provisioning bundle. */
final class Fakes {
    private Fakes() {
    }

    /** A display that records every content it is given, and can be made to fail or go offline. */
    static final class FakeDisplay implements Display {
        final List<DisplayContent> shows = new CopyOnWriteArrayList<>();
        private final int rows;
        private final int columns;
        volatile DisplayContent current = new DisplayContent(List.of());
        volatile DeviceStatus status = DeviceStatus.ONLINE;
        volatile boolean failing;

        FakeDisplay(int rows, int columns) {
            this.rows = rows;
            this.columns = columns;
        }

        @Override
        public int rows() {
            return rows;
        }

        @Override
        public int columns() {
            return columns;
        }

        @Override
        public void show(DisplayContent content) {
            if (failing) {
                throw new IllegalStateException("bus error");
            }
            shows.add(content);
            current = content;
        }

        @Override
        public DisplayContent current() {
            return current;
        }

        @Override
        public DeviceStatus status() {
            return status;
        }

        List<String> lines() {
            return current.lines();
        }
    }

    /**
     * The transaction bundle's side of the SessionListener whiteboard: a new listener is told every EVSE's
     * current view, then every change, as the SessionListener contract says.
     */
    static final class FakeSessions implements io.galvani.transactions.api.Sessions {
        private final Map<Integer, SessionView> views = new TreeMap<>();
        private final List<SessionListener> listeners = new CopyOnWriteArrayList<>();

        FakeSessions(int evses) {
            for (int id = 1; id <= evses; id++) {
                views.put(id, SessionView.idle(id));
            }
        }

        synchronized void addListener(SessionListener listener) {
            listeners.add(listener);
            views.values().forEach(listener::sessionChanged);
        }

        synchronized void change(SessionView view) {
            views.put(view.evseId(), view);
            listeners.forEach(l -> l.sessionChanged(view));
        }

        void change(int evseId, SessionPhase phase) {
            change(Views.view(evseId, phase));
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

    static final class FakeClock implements StationClock {
        volatile Instant now = Views.START;

        @Override
        public Instant now() {
            return now;
        }

        @Override
        public void adjustTo(Instant csmsTime) {
            now = csmsTime;
        }
    }

    /** A bundle context that only keeps the service listeners added to it; it knows no services. */
    static final class ListenerContext {
        final List<ServiceListener> listeners = new CopyOnWriteArrayList<>();
        final List<String> filters = new CopyOnWriteArrayList<>();
        final BundleContext context = (BundleContext) Proxy.newProxyInstance(BundleContext.class.getClassLoader(),
                new Class<?>[] { BundleContext.class }, (proxy, method, args) -> switch (method.getName()) {
                    case "addServiceListener" -> {
                        listeners.add((ServiceListener) args[0]);
                        filters.add(args.length > 1 ? (String) args[1] : null);
                        yield null;
                    }
                    case "removeServiceListener" -> {
                        listeners.remove(args[0]);
                        yield null;
                    }
                    case "getServiceReferences", "getServiceReference", "getProperty" -> null;
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    case "toString" -> "ListenerContext";
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
