package io.galvani.operations.internal;

import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.ComponentConstants;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.util.promise.Promise;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.galvani.hal.api.HalProperties;

/**
 * Restarts the Declarative Services components of the drivers attached to one EVSE: those that
 * register a service with {@code hal.evse.id} = that EVSE, by disabling and enabling their component
 * through {@link ServiceComponentRuntime}.
 *
 * <p>SCR enables and disables a component description with all its configurations. A driver
 * component that also serves another EVSE (a shared cabinet with {@code hal.evse.id} [1, 2], or a
 * factory component with one configuration per EVSE, like the simulators in the two-EVSE variant)
 * or the whole station ({@code hal.evse.id} 0) is therefore left running: restarting it would
 * interrupt the other EVSEs. Such skips are logged.
 */
final class ScrHalRestarter implements HalRestarter {
    private static final Logger logger = LoggerFactory.getLogger(ScrHalRestarter.class);

    private final BundleContext context;
    private final ServiceComponentRuntime scr;
    private final Executor executor;
    private final long timeoutMillis;

    ScrHalRestarter(BundleContext context, ServiceComponentRuntime scr, Executor executor, long timeoutMillis) {
        this.context = context;
        this.scr = scr;
        this.executor = executor;
        this.timeoutMillis = timeoutMillis;
    }

    @Override
    public CompletionStage<Void> restart(int evseId) {
        return CompletableFuture.runAsync(() -> {
            try {
                restartNow(evseId);
            } catch (RuntimeException e) {
                logger.error("Restarting the drivers of EVSE {} failed", evseId, e);
            }
        }, executor);
    }

    private void restartNow(int evseId) {
        List<ComponentDescriptionDTO> components = componentsOf(evseId);
        if (components.isEmpty()) {
            logger.info("EVSE {}: no driver component of its own to restart", evseId);
            return;
        }
        for (ComponentDescriptionDTO d : components) {
            logger.info("EVSE {}: stopping driver component {}", evseId, d.name);
            await(scr.disableComponent(d), "disable " + d.name);
        }
        for (ComponentDescriptionDTO d : components) {
            logger.info("EVSE {}: starting driver component {}", evseId, d.name);
            await(scr.enableComponent(d), "enable " + d.name);
        }
    }

    /** The enabled component descriptions whose every configuration is attached to {@code evseId} alone. */
    List<ComponentDescriptionDTO> componentsOf(int evseId) {
        ServiceReference<?>[] refs;
        try {
            refs = context.getAllServiceReferences(null, "(" + HalProperties.EVSE_ID + "=" + evseId + ")");
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
        Map<String, ComponentDescriptionDTO> result = new LinkedHashMap<>();
        for (ServiceReference<?> ref : refs == null ? new ServiceReference<?>[0] : refs) {
            Object name = ref.getProperty(ComponentConstants.COMPONENT_NAME);
            Bundle bundle = ref.getBundle();
            if (!(name instanceof String) || bundle == null) {
                continue; // not a DS component, or already gone
            }
            String key = bundle.getBundleId() + ":" + name;
            if (result.containsKey(key)) {
                continue;
            }
            ComponentDescriptionDTO description = scr.getComponentDescriptionDTO(bundle, (String) name);
            if (description == null || !scr.isComponentEnabled(description)) {
                continue;
            }
            Set<Integer> served = new TreeSet<>();
            for (ComponentConfigurationDTO c : scr.getComponentConfigurationDTOs(description)) {
                served.addAll(evseIds(c.properties == null ? null : c.properties.get(HalProperties.EVSE_ID)));
            }
            if (served.equals(Set.of(evseId))) {
                result.put(key, description);
            } else {
                logger.info("EVSE {}: driver component {} also serves EVSEs {}; not restarted", evseId, name, served);
            }
        }
        return new ArrayList<>(result.values());
    }

    /** The EVSE ids of a {@code hal.evse.id} value: a number, an array or a collection of numbers. */
    static Set<Integer> evseIds(Object value) {
        Set<Integer> ids = new TreeSet<>();
        if (value == null) {
            return ids;
        }
        if (value.getClass().isArray()) {
            for (int i = 0; i < Array.getLength(value); i++) {
                ids.addAll(evseIds(Array.get(value, i)));
            }
        } else if (value instanceof Collection<?> c) {
            c.forEach(v -> ids.addAll(evseIds(v)));
        } else if (value instanceof Number n) {
            ids.add(n.intValue());
        } else {
            try {
                ids.add(Integer.parseInt(value.toString().trim()));
            } catch (NumberFormatException e) {
                // not an id
            }
        }
        return ids;
    }

    private void await(Promise<Void> promise, String what) {
        try {
            promise.timeout(timeoutMillis).getValue();
        } catch (java.lang.reflect.InvocationTargetException e) {
            logger.warn("Driver restart: {} failed: {}", what, e.getCause() == null ? e : e.getCause().toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
