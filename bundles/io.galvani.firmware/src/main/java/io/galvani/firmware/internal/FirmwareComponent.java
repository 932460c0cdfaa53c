package io.galvani.firmware.internal;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

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

import io.galvani.firmware.api.FirmwareInstaller;
import io.galvani.firmware.api.FirmwareStatusListener;
import io.galvani.ocpp.api.InboundCall;
import io.galvani.ocpp.api.MessageTrigger;
import io.galvani.ocpp.api.OcppLink;
import io.galvani.ocpp.api.OcppRequestHandler;
import io.galvani.ocpp.model.messages.TriggerMessageRequest;
import io.galvani.ocpp.model.messages.TriggerMessageResponse;
import io.galvani.ocpp.model.messages.UpdateFirmwareRequest;
import io.galvani.ocpp.model.messages.UpdateFirmwareResponse;
import io.galvani.ocpp.model.types.MessageTriggerEnumType;
import io.galvani.ocpp.model.types.TriggerMessageStatusEnumType;
import io.galvani.outbox.api.Outbox;
import io.galvani.security.api.CertificateStore;
import io.galvani.security.api.SecurityEvents;
import io.galvani.station.api.Station;
import io.galvani.station.api.StationClock;
import io.galvani.station.api.TransactionControl;

/**
 * UpdateFirmware handler, TriggerMessage(FirmwareStatusNotification) (ranking 0: wins over the operations bundle's
 * Idle answer at -1000 while this bundle runs) and the {@code firmware:status} console command.
 *
 * <p>Immediate, so that an update a restart interrupted is resumed at start-up. Every reference is optional,
 * dynamic and greedy: an installation may swap the installer, the transport, the
 * outbox or the station bundles, and this component must stay active through it to report the outcome. Owns one
 * daemon thread ({@code galvani-firmware}); deactivation breaks off the update in progress (a restart resumes it
 * from the store) and stops the thread.
 */
@Component(configurationPid = FirmwareComponent.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL, immediate = true,
        service = { OcppRequestHandler.class, MessageTrigger.class, FirmwareComponent.class },
        property = { "osgi.command.scope=firmware", "osgi.command.function=status" })
@Designate(ocd = FirmwareConfig.class)
public final class FirmwareComponent
        implements OcppRequestHandler<UpdateFirmwareRequest, UpdateFirmwareResponse>, MessageTrigger {
    static final String PID = "io.galvani.firmware";
    static final String DATA_DIR_PROPERTY = "galvani.data.dir";
    /** Longest wait for the transport to confirm the UpdateFirmwareResponse before the update starts anyway. */
    static final Duration LAUNCH_GRACE = Duration.ofSeconds(30);

    private static final Logger LOG = LoggerFactory.getLogger(FirmwareComponent.class);

    private final StatusSender sender = new StatusSender();
    private final ScheduledThreadPoolExecutor executor;
    private final FirmwareUpdates updates;
    private volatile Settings settings;

    private volatile CertificateStore certificates;
    private volatile SecurityEvents securityEvents;
    private volatile FirmwareInstaller installer;
    private volatile Station station;
    private volatile TransactionControl transactions;
    private volatile StationClock clock;

    @Activate
    public FirmwareComponent(FirmwareConfig config, BundleContext context) {
        this.settings = Settings.from(config);
        String dataDir = context.getProperty(DATA_DIR_PROPERTY);
        Path dir = Path.of(dataDir == null || dataDir.isBlank() ? "./galvani-data" : dataDir).resolve("firmware");
        this.executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "galvani-firmware");
            t.setDaemon(true);
            return t;
        });
        executor.setRemoveOnCancelPolicy(true);
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false); // shutdown() drops waits and retries
        FirmwareUpdates.Services services = new FirmwareUpdates.Services() {
            @Override
            public Optional<CertificateStore> certificates() {
                return Optional.ofNullable(certificates);
            }

            @Override
            public Optional<SecurityEvents> securityEvents() {
                return Optional.ofNullable(securityEvents);
            }

            @Override
            public Optional<FirmwareInstaller> installer() {
                return Optional.ofNullable(installer);
            }
        };
        this.updates = new FirmwareUpdates(services, sender, new EvseGate(() -> station, () -> transactions),
                new UpdateStore(dir), dir.resolve("downloads"), executor, this::now, () -> settings,
                FirmwareUpdates.defaultDownloaders(), LAUNCH_GRACE);
        updates.resume();
        LOG.debug("Firmware update active: state in {}, {}", dir, settings);
    }

    @Modified
    void modified(FirmwareConfig config) {
        settings = Settings.from(config); // used from the next step of an update on
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        if (updates.close()) {
            executor.shutdownNow();
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } else {
            // Bundles are being swapped: never interrupt the installer then; its thread ends when install() returns.
            LOG.info("Firmware bundle stops during an installation: its outcome is reported at the next start");
            executor.shutdown();
        }
    }

    private Instant now() {
        StationClock c = clock;
        return c != null ? c.now() : Instant.now();
    }

    // ---------------------------------------------------------------- OCPP

    @Override
    public Class<UpdateFirmwareRequest> requestType() {
        return UpdateFirmwareRequest.class;
    }

    @Override
    public UpdateFirmwareResponse handle(UpdateFirmwareRequest request, InboundCall call) {
        return updates.request(request, call);
    }

    @Override
    public Set<MessageTriggerEnumType> triggers() {
        return Set.of(MessageTriggerEnumType.FirmwareStatusNotification);
    }

    @Override
    public TriggerMessageResponse trigger(TriggerMessageRequest request, InboundCall call) {
        call.afterResponse(() -> sender.sendTriggered(updates.triggeredStatus()));
        return TriggerMessageResponse.of(TriggerMessageStatusEnumType.Accepted);
    }

    /** Console: {@code firmware:status}. */
    public String status() {
        return updates.describe() + (sender.heldCount() > 0
                ? sender.heldCount() + " status notification(s) wait for an outbox or OCPP link\n" : "");
    }

    // ---------------------------------------------------------------- references

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void setLink(OcppLink link) {
        sender.link(link);
    }

    void unsetLink(OcppLink link) {
        sender.unlink(link);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void setOutbox(Outbox outbox) {
        sender.outbox(outbox);
    }

    void unsetOutbox(Outbox outbox) {
        sender.unsetOutbox(outbox);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void setInstaller(FirmwareInstaller installer) {
        this.installer = installer;
        if (updates != null) {
            updates.installerAvailable();
        }
    }

    void unsetInstaller(FirmwareInstaller installer) {
        if (this.installer == installer) {
            this.installer = null;
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void setCertificates(CertificateStore store) {
        this.certificates = store;
    }

    void unsetCertificates(CertificateStore store) {
        if (this.certificates == store) {
            this.certificates = null;
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void setSecurityEvents(SecurityEvents events) {
        this.securityEvents = events;
    }

    void unsetSecurityEvents(SecurityEvents events) {
        if (this.securityEvents == events) {
            this.securityEvents = null;
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void setStation(Station s) {
        this.station = s;
    }

    void unsetStation(Station s) {
        if (this.station == s) {
            this.station = null;
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void setTransactions(TransactionControl tx) {
        this.transactions = tx;
    }

    void unsetTransactions(TransactionControl tx) {
        if (this.transactions == tx) {
            this.transactions = null;
        }
    }

    /** Whiteboard: told the current status, then every status sent (see {@link FirmwareStatusListener}). */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addStatusListener(FirmwareStatusListener listener) {
        sender.listeners.add(listener);
    }

    void removeStatusListener(FirmwareStatusListener listener) {
        sender.listeners.remove(listener);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void setClock(StationClock c) {
        this.clock = c;
    }

    void unsetClock(StationClock c) {
        if (this.clock == c) {
            this.clock = null;
        }
    }
}
