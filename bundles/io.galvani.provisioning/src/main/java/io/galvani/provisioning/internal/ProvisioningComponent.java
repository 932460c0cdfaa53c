package io.galvani.provisioning.internal;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.function.LongSupplier;

import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;
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

import io.galvani.ocpp.api.InboundCall;
import io.galvani.ocpp.api.LinkStatus;
import io.galvani.ocpp.api.MessageTrigger;
import io.galvani.ocpp.api.OcppCallException;
import io.galvani.ocpp.api.OcppConnectionListener;
import io.galvani.ocpp.api.OcppLink;
import io.galvani.ocpp.api.OcppSessionGate;
import io.galvani.ocpp.model.OcppRequest;
import io.galvani.ocpp.model.messages.TriggerMessageRequest;
import io.galvani.ocpp.model.messages.TriggerMessageResponse;
import io.galvani.ocpp.model.types.BootReasonEnumType;
import io.galvani.ocpp.model.types.MessageTriggerEnumType;
import io.galvani.provisioning.api.Registration;
import io.galvani.provisioning.api.RegistrationStatus;
import io.galvani.security.api.SecurityEventType;
import io.galvani.security.api.SecurityEvents;
import io.galvani.station.api.ConnectorStatusListener;
import io.galvani.station.api.ConnectorView;
import io.galvani.station.api.StationClock;

/**
 * Wires the boot sequence, heartbeat, status reporting and the TriggerMessage of their messages to the
 * OCPP link and the station. All of them run on one single-threaded scheduler, so they never race each
 * other. The device-model variables are contributed by {@link ProvisioningVariables}; SetVariables
 * reaches this component as a configuration change ({@link #modified}).
 */
@Component(configurationPid = ProvisioningComponent.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL,
        service = { Registration.class, OcppSessionGate.class, OcppConnectionListener.class,
                ConnectorStatusListener.class, MessageTrigger.class })
@Designate(ocd = ProvisioningConfig.class)
public final class ProvisioningComponent implements Registration, OcppSessionGate, OcppConnectionListener,
        ConnectorStatusListener, MessageTrigger {
    private static final Logger logger = LoggerFactory.getLogger(ProvisioningComponent.class);

    /** Our configuration PID, also where the device model keeps our writable variables. */
    static final String PID = "io.galvani.provisioning";
    /** Framework property the launcher sets to say why the station (re)started. */
    static final String BOOT_REASON_PROPERTY = "galvani.boot.reason";

    /** Where the heartbeat interval from a BootNotificationResponse is stored; optional. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    volatile ConfigurationAdmin configAdmin;

    private final ScheduledExecutorService scheduler;
    private final SecurityEventSink securityEvents;
    private final BootSequence boot;
    private final StatusReporter statusReporter;
    private final ProvisioningTriggers triggers;
    private final String bundleVersion;

    @Activate
    public ProvisioningComponent(@Reference OcppLink link, @Reference StationClock clock,
            ProvisioningConfig config, BundleContext context) {
        this(link, clock, config, context.getBundle().getVersion().toString(),
                context.getProperty(BOOT_REASON_PROPERTY), newScheduler(), System::nanoTime);
        if (context.getBundle(0).getState() == org.osgi.framework.Bundle.STARTING) {
            // Once per start of the station, not on a later restart of this bundle (A04, security event list).
            // Held until DS binds SecurityEvents, which it does after this constructor.
            securityEvents.report(SecurityEventType.STARTUP_OF_THE_DEVICE,
                    "reason=" + bootReason(context.getProperty(BOOT_REASON_PROPERTY)).value());
        }
    }

    /** For tests: the scheduler and the monotonic time come from outside. */
    ProvisioningComponent(OcppLink link, StationClock clock, ProvisioningConfig config, String bundleVersion,
            String bootReason, ScheduledExecutorService scheduler, LongSupplier nanoTime) {
        this.scheduler = scheduler;
        this.bundleVersion = bundleVersion;
        this.securityEvents = new SecurityEventSink(scheduler, clock::now);
        TriggeredCalls triggered = new TriggeredCalls();
        this.statusReporter = new StatusReporter(link, clock, triggered);
        this.boot = new BootSequence(link, clock, scheduler, statusReporter, triggered,
                BootContent.from(config, bundleVersion), bootReason(bootReason), config, nanoTime,
                new HeartbeatIntervalStore(() -> configAdmin), securityEvents::report);
        this.triggers = new ProvisioningTriggers(boot, statusReporter, this::submit);
    }

    private static ScheduledExecutorService newScheduler() {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "galvani-provisioning");
            t.setDaemon(true);
            return t;
        });
        executor.setRemoveOnCancelPolicy(true);
        return executor;
    }

    @Modified
    void modified(ProvisioningConfig config) {
        submit(() -> boot.reconfigure(config, BootContent.from(config, bundleVersion)));
    }

    @Deactivate
    void deactivate() {
        scheduler.shutdownNow();
        securityEvents.close();
    }

    /** Security events (StartupOfTheDevice, SettingSystemTime) go to the security log and, critical, to the CSMS. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void setSecurityEvents(SecurityEvents events) {
        securityEvents.bind(events);
    }

    void unsetSecurityEvents(SecurityEvents events) {
        securityEvents.unbind(events);
    }

    /** Runs {@code task} on the scheduler; after deactivation, drops it. */
    private void submit(Runnable task) {
        try {
            scheduler.execute(task);
        } catch (RejectedExecutionException e) {
            logger.debug("Provisioning stopped; event dropped");
        }
    }

    @Override
    public void connected(LinkStatus status) {
        submit(() -> boot.onConnected(status.activeNetworkProfile()));
    }

    @Override
    public void disconnected(LinkStatus status) {
        submit(boot::onDisconnected);
    }

    @Override
    public void connectorStatusChanged(ConnectorView connector) {
        submit(() -> statusReporter.onChange(connector, boot.status() == RegistrationStatus.Accepted));
    }

    @Override
    public boolean admitOutbound(OcppRequest<?> request) {
        return boot.admitOutbound(request);
    }

    @Override
    public Optional<OcppCallException> admitInbound(String action) {
        return boot.admitInbound(action);
    }

    @Override
    public Set<MessageTriggerEnumType> triggers() {
        return ProvisioningTriggers.SERVED;
    }

    @Override
    public TriggerMessageResponse trigger(TriggerMessageRequest request, InboundCall call) {
        return triggers.trigger(request, call);
    }

    @Override
    public RegistrationStatus status() {
        return boot.status();
    }

    @Override
    public Optional<Instant> acceptedAt() {
        return boot.acceptedAt();
    }

    @Override
    public int heartbeatIntervalSeconds() {
        return boot.heartbeatIntervalSeconds();
    }

    private static BootReasonEnumType bootReason(String value) {
        if (value == null || value.isBlank()) {
            return BootReasonEnumType.PowerUp;
        }
        try {
            return BootReasonEnumType.fromValue(value);
        } catch (IllegalArgumentException e) {
            return BootReasonEnumType.Unknown;
        }
    }
}
