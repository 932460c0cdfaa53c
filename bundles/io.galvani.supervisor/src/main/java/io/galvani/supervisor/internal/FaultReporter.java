package io.galvani.supervisor.internal;

import java.time.Clock;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.galvani.devicemodel.api.ComponentKey;
import io.galvani.devicemodel.api.DeviceModelContribution;
import io.galvani.devicemodel.api.GenericVariables;
import io.galvani.ocpp.api.OcppLink;
import io.galvani.ocpp.model.messages.NotifyEventRequest;
import io.galvani.ocpp.model.types.EventDataType;
import io.galvani.ocpp.model.types.EventNotificationEnumType;
import io.galvani.ocpp.model.types.EventTriggerEnumType;
import io.galvani.ocpp.model.types.VariableType;

/**
 * Tells the CSMS about faults the supervisor found: a NotifyEvent (HardWiredNotification, trigger Alerting, the
 * device's {@code Problem} variable; {@code cleared} with the fault's eventId as cause when it ends), and the
 * device's {@code Problem} variable in the device model while its driver is down (the driver's own contribution
 * left with it). Confined to the supervisor's thread, except {@link #send} completions.
 */
final class FaultReporter {
    private static final Logger logger = LoggerFactory.getLogger(FaultReporter.class);
    /** Below any driver's own contribution: when the driver is back, its Problem variable wins. */
    private static final int PLACEHOLDER_RANKING = -1000;
    private static final int TECH_INFO_MAX = 500;
    private static final int TECH_CODE_MAX = 50;

    private final BundleContext context;
    private final Supplier<OcppLink> link;
    private final Clock clock;
    /** eventIds are only unique per run in OCPP terms if the seed differs per boot: seconds since epoch do. */
    private final AtomicInteger eventIds;
    private final Map<Object, Integer> openEvents = new HashMap<>();
    private final Map<Object, ComponentKey> openDevices = new HashMap<>();
    private final Map<ComponentKey, ServiceRegistration<DeviceModelContribution>> placeholders = new HashMap<>();

    FaultReporter(BundleContext context, Supplier<OcppLink> link, Clock clock) {
        this.context = context;
        this.link = link;
        this.clock = clock;
        this.eventIds = new AtomicInteger((int) (clock.millis() / 1000 % 1_000_000_000));
    }

    /** A fault starts: {@code key} identifies it until {@link #cleared}. */
    void faulted(Object key, ComponentKey device, String techCode, String techInfo) {
        int eventId = eventIds.incrementAndGet();
        openEvents.put(key, eventId);
        openDevices.put(key, device);
        send(event(eventId, device, "true", techCode, techInfo, false, null));
        if (context != null && !device.equals(DeviceLocator.STATION) && !placeholders.containsKey(device)) {
            placeholders.put(device, registerProblem(device));
        }
    }

    /** The fault {@code key} is over. */
    void cleared(Object key, ComponentKey device, String techInfo) {
        Integer cause = openEvents.remove(key);
        if (cause == null) {
            return;
        }
        send(event(eventIds.incrementAndGet(), device, "false", null, techInfo, true, cause));
        openDevices.remove(key);
        if (openDevices.containsValue(device)) {
            return; // another component of the same device is still down: the placeholder goes with the last one
        }
        ServiceRegistration<DeviceModelContribution> placeholder = placeholders.remove(device);
        if (placeholder != null) {
            unregister(placeholder);
        }
    }

    boolean anyOpen() {
        return !openEvents.isEmpty();
    }

    /** Removes the placeholders (supervisor deactivating). Open faults stay open: the CSMS cannot be told. */
    void close() {
        placeholders.values().forEach(FaultReporter::unregister);
        placeholders.clear();
    }

    EventDataType event(int eventId, ComponentKey device, String actual, String techCode, String techInfo,
            boolean cleared, Integer cause) {
        EventDataType data = EventDataType.of(eventId, clock.instant(), EventTriggerEnumType.Alerting, actual,
                EventNotificationEnumType.HardWiredNotification, device.toOcpp(), VariableType.of("Problem"));
        if (techCode != null) {
            data = data.withTechCode(truncate(techCode, TECH_CODE_MAX));
        }
        if (techInfo != null) {
            data = data.withTechInfo(truncate(techInfo, TECH_INFO_MAX));
        }
        if (cleared) {
            data = data.withCleared(true);
        }
        return data.withCause(cause);
    }

    private void send(EventDataType data) {
        OcppLink current = link.get();
        if (current == null) {
            logger.warn("No OCPP link: NotifyEvent {} for {}.Problem={} not sent", data.eventId(),
                    data.component().name(), data.actualValue());
            return;
        }
        // seqNo 0, tbc absent: every fault is a message of its own (N07.FR.07 by analogy, no monitor involved)
        NotifyEventRequest request = NotifyEventRequest.of(clock.instant(), 0, List.of(data));
        current.call(request).whenComplete((response, failure) -> {
            if (failure != null) {
                logger.warn("NotifyEvent {} for {}.Problem not delivered: {}", data.eventId(),
                        data.component().name(), failure.toString());
            }
        });
    }

    private ServiceRegistration<DeviceModelContribution> registerProblem(ComponentKey device) {
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(Constants.SERVICE_RANKING, PLACEHOLDER_RANKING);
        DeviceModelContribution contribution = () -> List.of(GenericVariables.problem(device, () -> true));
        return context.registerService(DeviceModelContribution.class, contribution, props);
    }

    private static void unregister(ServiceRegistration<?> registration) {
        try {
            registration.unregister();
        } catch (IllegalStateException alreadyGone) {
            // the supervisor's bundle is stopping: the framework removed it
        }
    }

    static String truncate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
