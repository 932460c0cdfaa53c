package io.galvani.provisioning.internal;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

import io.galvani.ocpp.api.LinkStatus;
import io.galvani.ocpp.api.OcppCallException;
import io.galvani.ocpp.api.OcppConnectionListener;
import io.galvani.ocpp.api.OcppLink;
import io.galvani.ocpp.api.OcppSessionGate;
import io.galvani.ocpp.model.OcppRequest;
import io.galvani.ocpp.model.types.BootReasonEnumType;
import io.galvani.provisioning.api.Registration;
import io.galvani.provisioning.api.RegistrationStatus;
import io.galvani.station.api.ConnectorStatusListener;
import io.galvani.station.api.ConnectorView;
import io.galvani.station.api.StationClock;

/**
 * Wires the boot sequence, heartbeat and status reporting to the OCPP link and the station. All
 * three run on one single-threaded scheduler, so they never race each other.
 */
@Component(configurationPid = "io.galvani.provisioning", configurationPolicy = ConfigurationPolicy.OPTIONAL,
        service = { Registration.class, OcppSessionGate.class, OcppConnectionListener.class,
                ConnectorStatusListener.class })
@Designate(ocd = ProvisioningConfig.class)
public final class ProvisioningComponent
        implements Registration, OcppSessionGate, OcppConnectionListener, ConnectorStatusListener {
    /** Framework property the launcher sets to say why the station (re)started. */
    static final String BOOT_REASON_PROPERTY = "galvani.boot.reason";

    private final ScheduledExecutorService scheduler;
    private final BootSequence boot;
    private final StatusReporter statusReporter;

    @Activate
    public ProvisioningComponent(@Reference OcppLink link, @Reference StationClock clock,
            ProvisioningConfig config, BundleContext context) {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "galvani-provisioning");
            t.setDaemon(true);
            return t;
        });
        executor.setRemoveOnCancelPolicy(true);
        this.scheduler = executor;
        this.statusReporter = new StatusReporter(link, clock);
        this.boot = new BootSequence(link, clock, scheduler, statusReporter,
                BootContent.from(config, context.getBundle().getVersion().toString()),
                bootReason(context.getProperty(BOOT_REASON_PROPERTY)), config);
    }

    @Modified
    void modified(ProvisioningConfig config) {
        scheduler.execute(() -> boot.reconfigure(config));
    }

    @Deactivate
    void deactivate() {
        scheduler.shutdownNow();
    }

    @Override
    public void connected(LinkStatus status) {
        scheduler.execute(boot::onConnected);
    }

    @Override
    public void disconnected(LinkStatus status) {
        scheduler.execute(boot::onDisconnected);
    }

    @Override
    public void connectorStatusChanged(ConnectorView connector) {
        scheduler.execute(() -> statusReporter.onChange(connector, boot.status() == RegistrationStatus.Accepted));
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
