package io.galvani.operations.internal;

import java.nio.file.Path;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.galvani.ocpp.model.types.ResetEnumType;
import io.galvani.security.api.SecurityEvents;
import io.galvani.station.api.ConnectorAvailabilityPolicy;
import io.galvani.station.api.Station;
import io.galvani.station.api.TransactionControl;

/**
 * Owns the availability settings and the resets, and the bundle's one executor. The availability
 * file lives in the station's data dir (framework property {@code galvani.data.dir}), else in the
 * bundle's data area.
 */
@Component(service = Operations.class, configurationPid = OperationsConfig.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = OperationsConfig.class)
public final class StationOperations implements Operations {
    private static final Logger logger = LoggerFactory.getLogger(StationOperations.class);
    static final String DATA_DIR_PROPERTY = "galvani.data.dir";

    private final ScheduledThreadPoolExecutor executor;
    private final AvailabilityManager availability;
    private final ResetManager resets;
    private final AutoCloseable subscription;
    private final ServiceRegistration<ConnectorAvailabilityPolicy> policy;
    private final BundleContext context;
    private volatile TransactionControl transactions;
    private volatile ServiceComponentRuntime scr;
    private volatile SecurityEvents securityEvents;
    private volatile OperationsConfig config;

    @Activate
    public StationOperations(@Reference Station station, @Reference ConnectorBoard board, OperationsConfig config,
            BundleContext context) {
        this.context = context;
        this.config = config;
        this.executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "galvani-operations");
            t.setDaemon(true);
            return t;
        });
        executor.setRemoveOnCancelPolicy(true);
        this.availability = new AvailabilityManager(station, () -> transactions,
                new AvailabilityStore(dataDir(context).resolve("operations").resolve("availability.properties")),
                executor);
        this.resets = new ResetManager(station, () -> transactions, availability,
                new FrameworkRebooter(context, () -> securityEvents),
                this::halRestarter, executor, settings(config));
        availability.start();
        // Registered here, not as a component: the station would otherwise reference a service of a component that
        // references the station (a DS cycle). Connectors found from now on start out with the stored availability.
        this.policy = context.registerService(ConnectorAvailabilityPolicy.class, availability::unavailable, null);
        this.subscription = board.subscribe(view -> executor().execute(() -> availability.reassert(view)));
    }

    @Modified
    void modified(OperationsConfig newConfig) {
        this.config = newConfig;
        resets.reconfigure(settings(newConfig));
    }

    @Deactivate
    void deactivate() {
        policy.unregister();
        try {
            subscription.close();
        } catch (Exception e) {
            logger.debug("Unsubscribing failed: {}", e.toString());
        }
        executor.shutdownNow();
        try {
            executor.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void setTransactions(TransactionControl control) {
        this.transactions = control;
    }

    void unsetTransactions(TransactionControl control) {
        if (transactions == control) {
            transactions = null;
            // Absent = no transaction: whatever waited for one to end goes ahead.
            executor.execute(() -> {
                if (transactions == null) {
                    availability.transactionsGone();
                    resets.transactionsGone();
                }
            });
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void setScr(ServiceComponentRuntime runtime) {
        this.scr = runtime;
    }

    void unsetScr(ServiceComponentRuntime runtime) {
        if (scr == runtime) {
            scr = null;
        }
    }

    /** Where a station reboot is reported (ResetOrReboot); absent = a WARN in the operational log. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void setSecurityEvents(SecurityEvents events) {
        this.securityEvents = events;
    }

    void unsetSecurityEvents(SecurityEvents events) {
        if (securityEvents == events) {
            securityEvents = null;
        }
    }

    @Override
    public Outcome reset(ResetEnumType type, Integer evseId, ResetManager.Origin origin,
            Consumer<Runnable> afterResponse) {
        return resets.request(type, evseId, origin, afterResponse);
    }

    @Override
    public Outcome changeAvailability(Scope scope, boolean inoperative) {
        return availability.change(scope, inoperative);
    }

    @Override
    public AvailabilitySettings availability() {
        return availability.applied();
    }

    @Override
    public AvailabilitySettings requestedAvailability() {
        return availability.desired();
    }

    @Override
    public boolean evseResetting(int evseId) {
        return availability.resetting(evseId);
    }

    @Override
    public boolean stationResetPending() {
        return resets.stationResetPending();
    }

    /** The executor; work handed to it after deactivation is dropped (logged at debug). */
    @Override
    public Executor executor() {
        return task -> {
            try {
                executor.execute(task);
            } catch (RejectedExecutionException e) {
                logger.debug("Operations stopped; task dropped");
            }
        };
    }

    private HalRestarter halRestarter() {
        ServiceComponentRuntime runtime = scr;
        if (runtime == null) {
            logger.warn("No Declarative Services runtime: EVSE reset without restarting its drivers");
            return HalRestarter.NONE;
        }
        return new ScrHalRestarter(context, runtime, executor, config.driverRestartTimeoutSeconds() * 1000L);
    }

    private static ResetManager.Settings settings(OperationsConfig c) {
        return new ResetManager.Settings(Math.max(0, c.resetRetries()), Math.max(1, c.resetRetryDelaySeconds()),
                Math.max(1, c.immediateResetTimeoutSeconds()));
    }

    private static Path dataDir(BundleContext context) {
        String dir = context.getProperty(DATA_DIR_PROPERTY);
        return dir != null && !dir.isBlank() ? Path.of(dir) : context.getDataFile("").toPath();
    }
}
