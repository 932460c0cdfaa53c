package io.galvani.firmware.installer.internal;

import java.lang.reflect.Method;
import java.util.Collection;
import java.util.List;
import java.util.Set;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.util.tracker.ServiceTracker;

/**
 * What the installer needs to know about the station: whether a transaction runs, whether the OCPP link is up and
 * the registration Accepted.
 *
 * <p>Why by name and reflection instead of importing {@code io.galvani.transactions.api}, {@code io.galvani.ocpp.api}
 * and {@code io.galvani.provisioning.api}: a package import wires the installer to the bundles that export them, and
 * a refresh of any of those (an image that changes the transactions bundle, the power path itself) would then
 * restart the installer in the middle of its own work. Looked up by name, the services are seen from whichever
 * revision provides them, and the installer stays out of their refresh closure. The methods are resolved on the
 * API interface loaded from the providing bundle, never on its implementation class.
 */
final class StationProbe implements AutoCloseable {
    static final String SESSIONS = "io.galvani.transactions.api.Sessions";
    static final String OCPP_LINK = "io.galvani.ocpp.api.OcppLink";
    static final String REGISTRATION = "io.galvani.provisioning.api.Registration";
    /** Session phases in which energy flows or is about to (SessionPhase names). */
    private static final Set<String> BUSY = Set.of("AUTHORIZING", "CABLE_CHECK", "PRE_CHARGE", "CHARGING", "SUSPENDED_EV",
            "SUSPENDED_EVSE");

    private final ServiceTracker<Object, Object> sessions;
    private final ServiceTracker<Object, Object> link;
    private final ServiceTracker<Object, Object> registration;

    StationProbe(BundleContext context) {
        sessions = open(context, SESSIONS);
        link = open(context, OCPP_LINK);
        registration = open(context, REGISTRATION);
    }

    private static ServiceTracker<Object, Object> open(BundleContext context, String name) {
        ServiceTracker<Object, Object> t = new ServiceTracker<>(context, name, null);
        t.open(true); // all services, whatever package revision the installer would see
        return t;
    }

    /** A transaction runs on some EVSE (false when no transactions service runs). */
    boolean transactionRuns() {
        Object service = sessions.getService();
        if (service == null) {
            return false;
        }
        Collection<?> views = (Collection<?>) call(sessions, service, SESSIONS, "sessions");
        if (views == null) {
            return false;
        }
        for (Object view : views) {
            Object phase = invoke(view, "phase");
            Object transactionId = invoke(view, "transactionId");
            String p = String.valueOf(phase);
            if (transactionId != null && !"IDLE".equals(p) || BUSY.contains(p)) {
                return true;
            }
        }
        return false;
    }

    boolean linkUp() {
        Object service = link.getService();
        if (service == null) {
            return false;
        }
        Object status = call(link, service, OCPP_LINK, "status");
        return status != null && Boolean.TRUE.equals(invoke(status, "connected"));
    }

    /** Why the link is down, if the transport says (LinkStatus.lastError), else null. */
    String linkError() {
        Object service = link.getService();
        Object status = service == null ? null : call(link, service, OCPP_LINK, "status");
        Object error = status == null ? null : invoke(status, "lastError");
        return error == null ? null : error.toString();
    }

    boolean linkPresent() {
        return link.getService() != null;
    }

    /** RegistrationStatus name, or null without a registration service. */
    String registrationStatus() {
        Object service = registration.getService();
        if (service == null) {
            return null;
        }
        Object status = call(registration, service, REGISTRATION, "status");
        return status == null ? null : status.toString();
    }

    private static Object call(ServiceTracker<Object, Object> tracker, Object service, String type, String method) {
        ServiceReference<Object> ref = tracker.getServiceReference();
        try {
            Class<?> api = ref == null ? null : ref.getBundle().loadClass(type);
            Method m = api == null ? service.getClass().getMethod(method) : api.getMethod(method);
            return m.invoke(service);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null; // the provider is going away (being swapped): as if absent
        }
    }

    /** A public accessor of a public API type (records and enums of the exported API packages). */
    private static Object invoke(Object target, String method) {
        try {
            return target.getClass().getMethod(method).invoke(target);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    @Override
    public void close() {
        for (ServiceTracker<?, ?> t : List.of(sessions, link, registration)) {
            t.close();
        }
    }
}
