package io.galvani.supervisor.internal;

import java.time.Clock;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
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
import io.galvani.ocpp.model.OcppResponse;
import io.galvani.ocpp.model.messages.NotifyEventRequest;
import io.galvani.ocpp.model.types.EventDataType;
import io.galvani.ocpp.model.types.EventNotificationEnumType;
import io.galvani.ocpp.model.types.EventTriggerEnumType;
import io.galvani.ocpp.model.types.VariableType;
import io.galvani.outbox.api.MessageKind;
import io.galvani.outbox.api.Outbox;
import io.galvani.outbox.api.OutboxCommit;

/**
 * Tells the CSMS about faults the supervisor found: a NotifyEvent (HardWiredNotification, trigger Alerting, the
 * device's {@code Problem} variable; {@code cleared} with the fault's eventId as cause when it ends), and the
 * device's {@code Problem} variable in the device model while its driver is down (the driver's own contribution
 * left with it). The NotifyEvents are committed to the {@link Outbox} when one runs, so that a fault found while
 * the CSMS is away survives a restart; else (or when the outbox refuses) they go to the {@link OcppLink}'s
 * in-memory queue. Confined to the supervisor's thread, except {@link #send} completions.
 */
final class FaultReporter {
    private static final Logger logger = LoggerFactory.getLogger(FaultReporter.class);
    /** Below any driver's own contribution: when the driver is back, its Problem variable wins. */
    private static final int PLACEHOLDER_RANKING = -1000;
    private static final int TECH_INFO_MAX = 500;
    private static final int TECH_CODE_MAX = 50;

    private final BundleContext context;
    private final Supplier<OcppLink> link;
    private final Supplier<Outbox> outbox;
    private final Clock clock;
    private final EventIds eventIds;
    private final Map<Object, Integer> openEvents = new HashMap<>();
    private final Map<Object, ComponentKey> openDevices = new HashMap<>();
    private final Map<ComponentKey, ServiceRegistration<DeviceModelContribution>> placeholders = new HashMap<>();

    FaultReporter(BundleContext context, Supplier<OcppLink> link, Supplier<Outbox> outbox, EventIds eventIds,
            Clock clock) {
        this.context = context;
        this.link = link;
        this.outbox = outbox;
        this.eventIds = eventIds;
        this.clock = clock;
    }

    /** A fault starts: {@code key} identifies it until {@link #cleared}. */
    void faulted(Object key, ComponentKey device, String techCode, String techInfo) {
        int eventId = eventIds.next();
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
        send(event(eventIds.next(), device, "false", null, techInfo, true, cause));
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
        // seqNo 0, tbc absent: every fault is a message of its own (N07.FR.07 by analogy, no monitor involved)
        NotifyEventRequest request = NotifyEventRequest.of(clock.instant(), 0, List.of(data));
        if (!commitToOutbox(request, data)) {
            callOnLink(request, data);
        }
    }

    private boolean commitToOutbox(NotifyEventRequest request, EventDataType data) {
        Outbox current = outbox.get();
        if (current == null) {
            return false;
        }
        List<CompletionStage<OcppResponse>> answers;
        try {
            answers = current.commit(OutboxCommit.of(request, MessageKind.OTHER));
        } catch (RuntimeException e) {
            logger.warn("Outbox refused NotifyEvent {} for {}.Problem ({}), sending it directly", data.eventId(),
                    data.component().name(), e.toString());
            return false;
        }
        answers.get(0).whenComplete((response, failure) -> {
            if (failure != null) {
                logger.warn("NotifyEvent {} for {}.Problem given up by the outbox: {}", data.eventId(),
                        data.component().name(), failure.toString());
            }
        });
        return true;
    }

    private void callOnLink(NotifyEventRequest request, EventDataType data) {
        OcppLink current = link.get();
        if (current == null) {
            logger.warn("No OCPP link: NotifyEvent {} for {}.Problem={} not sent", data.eventId(),
                    data.component().name(), data.actualValue());
            return;
        }
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
