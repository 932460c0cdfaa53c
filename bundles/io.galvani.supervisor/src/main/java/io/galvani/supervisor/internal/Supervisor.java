package io.galvani.supervisor.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.galvani.devicemodel.api.ComponentKey;
import io.galvani.devicemodel.api.DeviceModelContribution;
import io.galvani.devicemodel.api.GenericVariables;
import io.galvani.devicemodel.api.VariableDefinition;
import io.galvani.ocpp.api.OcppLink;
import io.galvani.outbox.api.Outbox;

/**
 * Keeps failing components from taking the station down. Every {@code pollMillis} on its own thread it looks at
 * every DS component through {@link ServiceComponentRuntime}: a component in FAILED_ACTIVATION is disabled and
 * enabled again after an exponential back-off ({@link FaultTracker}); an activation that hangs is interrupted
 * ({@link ActivationWatchdog}); threads left behind by a stopped bundle are reported and, when they run its code,
 * interrupted ({@link ThreadLeakDetector}). Faults go to the CSMS as NotifyEvent and device-model Problem
 * variables ({@link FaultReporter}); ChargingStation.Problem is true while any is open.
 *
 * <p>Reconfiguration restarts the component (and forgets back-off state); a component it disabled is enabled
 * again when the supervisor stops, so that stopping it never leaves a driver switched off.
 */
@Component(name = Supervisor.PID, immediate = true, configurationPolicy = ConfigurationPolicy.OPTIONAL,
        service = DeviceModelContribution.class)
@Designate(ocd = SupervisorConfig.class)
public final class Supervisor implements DeviceModelContribution {
    static final String PID = "io.galvani.supervisor";
    private static final Logger logger = LoggerFactory.getLogger(Supervisor.class);
    private static final int FAILURE_LINES_LOGGED = 3;
    /** In the bundle's data area: the NotifyEvent eventId bound ({@link EventIds}). */
    static final String EVENT_ID_FILE = "event-ids";

    private final BundleContext context;
    private final ServiceComponentRuntime scr;
    private final SupervisorConfig config;
    private final Clock clock = Clock.systemUTC();
    private final FaultTracker tracker;
    private final ActivationWatchdog watchdog = new ActivationWatchdog();
    private final ThreadLeakDetector leaks;
    private final FaultReporter reporter;
    private final Set<String> unsupervised;
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "galvani-supervisor");
        t.setDaemon(true);
        return t;
    });
    /** What the last look saw, to act on a decision (confined to the executor). */
    private final Map<ComponentId, ComponentDescriptionDTO> descriptions = new HashMap<>();
    private final Map<Thread, String> leakedThreads = new HashMap<>();
    private final Map<ComponentId, ComponentKey> hangs = new HashMap<>();
    private volatile boolean problem;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile OcppLink link;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile Outbox outbox;

    @Activate
    public Supervisor(BundleContext context, @Reference ServiceComponentRuntime scr, SupervisorConfig config) {
        if (config.pollMillis() < 50) {
            throw new IllegalArgumentException("pollMillis must be >= 50, was " + config.pollMillis());
        }
        if (config.activationTimeoutMillis() < 0 || config.threadGraceMillis() < 0) {
            throw new IllegalArgumentException("activationTimeoutMillis and threadGraceMillis must be >= 0");
        }
        this.context = context;
        this.scr = scr;
        this.config = config;
        this.tracker = new FaultTracker(new BackOff(Duration.ofMillis(config.backOffMinMillis()),
                Duration.ofMillis(config.backOffMaxMillis())));
        this.unsupervised = Set.of(config.unsupervisedBundles());
        java.io.File idFile = context.getDataFile(EVENT_ID_FILE);
        this.reporter = new FaultReporter(context, () -> link, () -> outbox,
                new EventIds(idFile == null ? null : idFile.toPath(), clock), clock);
        this.leaks = new ThreadLeakDetector(context.getBundle().getBundleId());
        context.addBundleListener(leaks);
        executor.scheduleWithFixedDelay(this::lookSafely, 0, config.pollMillis(), TimeUnit.MILLISECONDS);
        logger.info("Supervising components: back-off {}..{} ms, activation timeout {} ms", config.backOffMinMillis(),
                config.backOffMaxMillis(), config.activationTimeoutMillis());
    }

    @Deactivate
    void deactivate() {
        context.removeBundleListener(leaks);
        executor.shutdownNow();
        try {
            if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
                logger.warn("Supervisor thread did not end within 5 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // Never leave a driver switched off because the supervisor went away during its back-off.
        for (ComponentId id : tracker.disabledByUs()) {
            ComponentDescriptionDTO d = descriptions.get(id);
            if (d != null) {
                logger.info("Enabling {} again (the supervisor stops)", id);
                scr.enableComponent(d);
            }
        }
        reporter.close();
    }

    @Override
    public java.util.Collection<VariableDefinition> variables() {
        return List.of(GenericVariables.problem(DeviceLocator.STATION, () -> problem));
    }

    private void lookSafely() {
        try {
            look();
        } catch (RuntimeException e) {
            // A bug here must not end the schedule (an exception would cancel it silently).
            logger.error("Supervisor check failed", e);
        }
    }

    private void look() {
        Instant now = clock.instant();
        List<Observation> observations = observe();
        List<Decision> decisions = tracker.observe(observations, now);
        for (Decision decision : decisions) {
            act(decision);
        }
        clearRecoveredHangs(observations);
        Map<Thread, StackTraceElement[]> stacks = Thread.getAllStackTraces();
        if (config.activationTimeoutMillis() > 0) {
            for (ActivationWatchdog.Stuck stuck : watchdog.check(stacks, now,
                    Duration.ofMillis(config.activationTimeoutMillis()))) {
                hung(stuck);
            }
        }
        for (ThreadLeakDetector.Leak leak : leaks.check(stacks, now, Duration.ofMillis(config.threadGraceMillis()))) {
            leaked(leak);
        }
        clearEndedLeaks();
        problem = reporter.anyOpen();
    }

    private List<Observation> observe() {
        List<Observation> observations = new ArrayList<>();
        descriptions.clear();
        long own = context.getBundle().getBundleId();
        for (ComponentDescriptionDTO d : scr.getComponentDescriptionDTOs()) {
            if (d.bundle.id == own || unsupervised.contains(d.bundle.symbolicName)) {
                continue;
            }
            ComponentId id = new ComponentId(d.bundle.id, d.bundle.symbolicName, d.name);
            descriptions.put(id, d);
            if (!scr.isComponentEnabled(d)) {
                observations.add(new Observation(id, Observation.Health.DISABLED, null, null));
                continue;
            }
            ComponentConfigurationDTO failed = null;
            boolean running = false;
            for (ComponentConfigurationDTO c : scr.getComponentConfigurationDTOs(d)) {
                if (c.state == ComponentConfigurationDTO.FAILED_ACTIVATION) {
                    failed = c;
                } else if (c.state == ComponentConfigurationDTO.ACTIVE || c.state == ComponentConfigurationDTO.SATISFIED) {
                    running = true;
                }
            }
            if (failed != null) {
                observations.add(new Observation(id, Observation.Health.FAILED,
                        DeviceLocator.locate(d.serviceInterfaces, failed.properties), failed.failure));
            } else {
                observations.add(new Observation(id, running ? Observation.Health.RUNNING : Observation.Health.WAITING,
                        null, null));
            }
        }
        return observations;
    }

    private void act(Decision decision) {
        ComponentDescriptionDTO d = descriptions.get(decision.id());
        if (decision instanceof Decision.Faulted f) {
            String failure = f.failure() == null ? "activation failed" : f.failure();
            if (f.first()) {
                logger.warn("Component {} failed to activate: {}", f.id(), firstLines(failure, FAILURE_LINES_LOGGED));
                reporter.faulted(f.id(), f.device(), "ActivationFailed", f.id().name() + ": " + firstLines(failure, 1));
            } else {
                logger.info("Component {} failed again ({} in a row): {}", f.id(), f.failures(), firstLines(failure, 1));
            }
        } else if (decision instanceof Decision.Disable dis) {
            logger.info("Restarting {} in {} ms", dis.id(), dis.delay().toMillis());
            if (d != null) {
                scr.disableComponent(d);
            }
        } else if (decision instanceof Decision.Enable) {
            if (d != null) {
                scr.enableComponent(d);
            }
        } else if (decision instanceof Decision.Recovered r) {
            logger.info("Component {} {}", r.id(), r.gone() ? "is gone (bundle stopped or updated)" : "runs again");
            reporter.cleared(r.id(), r.device(), r.id().name() + (r.gone() ? " removed" : " active again"));
        }
    }

    private void hung(ActivationWatchdog.Stuck stuck) {
        Thread thread = stuck.thread();
        if (stuck.firstTime()) {
            logger.warn("Activation of {} has been running for {} ms on thread {}: interrupting it",
                    stuck.implementationClass(), stuck.running().toMillis(), thread.getName());
            thread.interrupt();
            // Reported at once: after the interrupt SCR may activate it again straight away (a consumer asks for the
            // service), so FAILED_ACTIVATION may never be seen. Cleared when it runs.
            descriptions.forEach((id, d) -> {
                if (stuck.implementationClass().equals(d.implementationClass) && !hangs.containsKey(id)) {
                    var configs = scr.getComponentConfigurationDTOs(d);
                    ComponentKey device = DeviceLocator.locate(d.serviceInterfaces,
                            configs.isEmpty() ? d.properties : configs.iterator().next().properties);
                    hangs.put(id, device);
                    reporter.faulted("hung:" + id, device, "ActivationHung", id.name() + ": activation ran "
                            + stuck.running().toMillis() + " ms on thread " + thread.getName() + ", interrupted");
                }
            });
        } else if (!leakedThreads.containsKey(thread)) {
            // Still there after the interrupt: nothing in Java can end it. Say so once; reported as a station problem
            // until the thread ends.
            logger.error("Activation of {} ignores the interrupt and still blocks thread {}",
                    stuck.implementationClass(), thread.getName());
            String key = "hung:" + thread.getId();
            leakedThreads.put(thread, key);
            reporter.faulted(key, DeviceLocator.STATION, "ActivationHung",
                    stuck.implementationClass() + " blocks thread " + thread.getName());
        }
    }

    private void leaked(ThreadLeakDetector.Leak leak) {
        String names = leak.threads().stream().map(Thread::getName).collect(Collectors.joining(", "));
        logger.warn("Bundle {} stopped but left {} thread(s) running: {}", leak.bundle().getSymbolicName(),
                leak.threads().size(), names);
        String key = "leak:" + leak.bundle().getBundleId() + ":" + leak.threads().get(0).getId();
        leak.threads().forEach(t -> leakedThreads.put(t, key));
        reporter.faulted(key, DeviceLocator.STATION, "ThreadLeak",
                leak.bundle().getSymbolicName() + " left threads: " + names);
        if (config.interruptLeakedThreads()) {
            for (Thread t : leak.runningItsCode()) {
                logger.info("Interrupting thread {}: it runs code of the stopped bundle {}", t.getName(),
                        leak.bundle().getSymbolicName());
                t.interrupt();
            }
        }
    }

    /** A hang is over once its component runs (or is gone). */
    private void clearRecoveredHangs(List<Observation> observations) {
        if (hangs.isEmpty()) {
            return;
        }
        Map<ComponentId, Observation.Health> health = new HashMap<>();
        observations.forEach(o -> health.put(o.id(), o.health()));
        hangs.entrySet().removeIf(e -> {
            Observation.Health h = health.get(e.getKey());
            if (h == null || h == Observation.Health.RUNNING) {
                logger.info("Component {} {} after its hung activation", e.getKey(), h == null ? "is gone" : "runs");
                reporter.cleared("hung:" + e.getKey(), e.getValue(), e.getKey().name() + (h == null ? " removed" : " active"));
                return true;
            }
            return false;
        });
    }

    /** A leak or hang fault is cleared once all its threads have ended. */
    private void clearEndedLeaks() {
        Map<String, Boolean> alive = new HashMap<>();
        leakedThreads.forEach((t, key) -> alive.merge(key, t.isAlive(), Boolean::logicalOr));
        alive.forEach((key, any) -> {
            if (!any) {
                logger.info("The threads of {} have ended", key);
                leakedThreads.values().removeIf(key::equals);
                reporter.cleared(key, DeviceLocator.STATION, "threads ended");
            }
        });
    }

    private static String firstLines(String text, int lines) {
        String[] all = text.strip().split("\\R", lines + 1);
        return String.join(" | ", java.util.Arrays.copyOf(all, Math.min(lines, all.length)));
    }
}
