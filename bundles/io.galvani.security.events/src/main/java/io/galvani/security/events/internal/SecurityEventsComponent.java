package io.galvani.security.events.internal;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ScheduledThreadPoolExecutor;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.galvani.outbox.api.Outbox;
import io.galvani.security.api.SecurityEvent;
import io.galvani.security.api.SecurityEventListener;
import io.galvani.security.api.SecurityEvents;
import io.galvani.station.api.StationClock;

/**
 * The {@link SecurityEvents} service. Registered whether or not an {@link Outbox} is there: the security log
 * must always be written (A04.FR.04); critical events wait in it for an outbox (A04.FR.02). Immediate, so that
 * what an earlier run left for the outbox is handed over even before anyone reports an event. Timestamps come
 * from the {@link StationClock}, like every timestamp the station sends.
 */
@Component(service = { SecurityEvents.class, SecurityLogConsole.class }, immediate = true,
        configurationPid = SecurityEventsConfig.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = SecurityEventsConfig.class)
public final class SecurityEventsComponent implements SecurityEvents, SecurityLogConsole {
    private static final Logger logger = LoggerFactory.getLogger(SecurityEventsComponent.class);
    static final String DATA_DIR_PROPERTY = "galvani.data.dir";
    /** Where logback and GetLog look when galvani.data.dir is not set. */
    static final String DEFAULT_DATA_DIR = "./galvani-data";
    private static final long STOP_WAIT_MILLIS = 5000;

    private final SecurityEventsService service;
    private final String logDirectory;

    @Activate
    public SecurityEventsComponent(@Reference StationClock clock, SecurityEventsConfig config, BundleContext context) {
        String dataDirProperty = context.getProperty(DATA_DIR_PROPERTY);
        Path dataDir = Path.of(dataDirProperty == null || dataDirProperty.isBlank() ? DEFAULT_DATA_DIR : dataDirProperty);
        this.logDirectory = config.logDirectory();
        Path dir = logDirectory.isBlank() ? dataDir.resolve("logs") : Path.of(logDirectory);
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "galvani-security-events");
            t.setDaemon(true);
            return t;
        });
        executor.setRemoveOnCancelPolicy(true);
        // On deactivation the queued hand-overs run; a retry or check scheduled for later does not.
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        executor.setContinueExistingPeriodicTasksAfterShutdownPolicy(false);
        this.service = new SecurityEventsService(dir, clock::now, executor, System::nanoTime, Settings.from(config),
                () -> MemoryMonitor.usableSpace(dataDir), MemoryMonitor::heapAfterGc);
        service.start();
    }

    @Modified
    void modified(SecurityEventsConfig config) {
        if (!config.logDirectory().equals(logDirectory)) {
            logger.warn("{} logDirectory changed to '{}': applies at the next start", SecurityEventsConfig.PID,
                    config.logDirectory());
        }
        service.reconfigure(Settings.from(config));
    }

    @Deactivate
    void deactivate() {
        service.stop(STOP_WAIT_MILLIS);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void setOutbox(Outbox outbox) {
        service.outboxBound(outbox);
    }

    void unsetOutbox(Outbox outbox) {
        service.outboxUnbound(outbox);
    }

    /** Whiteboard: told of each event after it was written to the log (see {@link EventListeners}). */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addListener(SecurityEventListener listener) {
        service.listenerAdded(listener);
    }

    void removeListener(SecurityEventListener listener) {
        service.listenerRemoved(listener);
    }

    @Override
    public void report(String type, String techInfo) {
        service.report(type, techInfo);
    }

    @Override
    public List<SecurityEvent> recent(int max) {
        return service.recent(max);
    }

    @Override
    public String verify() {
        return service.verify();
    }

    @Override
    public String lastEvents(int n) {
        return service.lastEvents(n);
    }

    @Override
    public String clear(String who) {
        return service.clear(who);
    }
}
