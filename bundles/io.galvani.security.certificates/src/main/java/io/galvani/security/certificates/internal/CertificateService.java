package io.galvani.security.certificates.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

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

import io.galvani.ocpp.api.InboundCall;
import io.galvani.ocpp.api.OcppLink;
import io.galvani.ocpp.model.messages.CertificateSignedRequest;
import io.galvani.ocpp.model.messages.CertificateSignedResponse;
import io.galvani.ocpp.model.messages.DeleteCertificateRequest;
import io.galvani.ocpp.model.messages.DeleteCertificateResponse;
import io.galvani.ocpp.model.messages.GetInstalledCertificateIdsRequest;
import io.galvani.ocpp.model.messages.GetInstalledCertificateIdsResponse;
import io.galvani.ocpp.model.messages.InstallCertificateRequest;
import io.galvani.ocpp.model.messages.InstallCertificateResponse;
import io.galvani.ocpp.model.messages.TriggerMessageResponse;
import io.galvani.ocpp.model.types.CertificateSignedStatusEnumType;
import io.galvani.ocpp.model.types.CertificateSigningUseEnumType;
import io.galvani.ocpp.model.types.GetCertificateIdUseEnumType;
import io.galvani.ocpp.model.types.TriggerMessageStatusEnumType;
import io.galvani.security.api.CertificateStore;
import io.galvani.security.api.CertificateStoreListener;
import io.galvani.security.api.SecurityEventType;
import io.galvani.security.api.SecurityEvents;
import io.galvani.security.api.StationCredentials;
import io.galvani.station.api.StationClock;

/**
 * The station's {@link CertificateStore}: loads the store ({@link CertificateRepository}, files under
 * {@code <galvani.data.dir>/security}), imports the provisioning files ({@link Provisioning}), and carries the
 * OCPP use cases that change it, for the handlers of this bundle: M03–M05 ({@link CaCertificates}), A02/A03
 * ({@link Renewal}) and CertificateSigned. Also registered under its own class for those handlers, the
 * device-model contribution and the console.
 *
 * <p>All references are optional and dynamic: the transport needs this store to connect, so it must not need the
 * transport ({@link OcppLink}) to start; without {@link SecurityEvents} events are only logged; without
 * {@link StationClock} the system clock tells the time. One daemon thread of its own ({@code galvani-certificates})
 * generates keys, sends and repeats SignCertificate, tells {@link CertificateStoreListener}s, writes the files of a
 * promoted or discarded certificate and checks the expiry daily (A03); deactivation stops it.
 */
@Component(service = { CertificateStore.class, CertificateService.class }, configurationPid = CertificatesConfig.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL, immediate = true)
@Designate(ocd = CertificatesConfig.class)
public final class CertificateService implements CertificateStore {
    private static final Logger logger = LoggerFactory.getLogger(CertificateService.class);
    static final String DATA_DIR_PROPERTY = "galvani.data.dir";
    /** The first A03 check waits for the link and the BootNotification; then one a day. */
    static final Duration FIRST_EXPIRY_CHECK = Duration.ofMinutes(1);
    static final Duration EXPIRY_CHECK_INTERVAL = Duration.ofDays(1);
    /** SecurityEventNotification techInfo: at most 255 characters. */
    static final int MAX_TECH_INFO = 255;
    static final int MAX_BACKLOG = 32;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile OcppLink link;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile StationClock clock;

    /** Guarded by {@link #backlog}. */
    private SecurityEvents securityEvents;
    /** Events reported while no SecurityEvents service was bound (at start: provisioning), delivered when one is. */
    private final Deque<String[]> backlog = new ArrayDeque<>();

    private final List<CertificateStoreListener> listeners = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService scheduler;
    private final Supplier<Instant> now;
    private final CertificateRepository repository;
    private final CaCertificates ca;
    private final Renewal renewal;
    private final ScheduledFuture<?> expiryCheck;
    private volatile Settings settings;
    private volatile CertificatesConfig config;
    /** The renewed certificate {@link #stationCredentials} last handed out first, so a connection may have tried it. */
    private volatile String offeredRenewed;

    @Activate
    public CertificateService(CertificatesConfig config, BundleContext context) {
        this(config, dataDir(context).resolve("security"), newScheduler(), null);
    }

    /**
     * For tests: the store directory, the scheduler and the time come from outside.
     *
     * @param time the current time; null = the station clock, else the system clock
     */
    CertificateService(CertificatesConfig config, Path dir, ScheduledExecutorService scheduler, Supplier<Instant> time) {
        this.scheduler = scheduler;
        this.settings = Settings.from(config);
        this.config = config;
        this.now = time != null ? time : this::stationTime;
        this.repository = new CertificateRepository(dir, scheduler);
        try {
            repository.load();
        } catch (IOException e) {
            scheduler.shutdownNow();
            throw new IllegalStateException("Cannot open the certificate store " + dir + ": " + e.getMessage(), e);
        }
        this.ca = new CaCertificates(repository, () -> settings, now, this::report);
        this.renewal = new Renewal(repository, () -> settings, () -> link, scheduler, now);
        Provisioning.importFiles(config, repository, now.get(), this::report);
        StoreState state = repository.state();
        logger.info("Certificate store {}: {} CA certificates, station certificate {}{}", dir, state.roots().size(),
                state.current() == null ? "none" : state.current().certificate().getSubjectX500Principal().getName(),
                state.renewed() == null ? "" : " (a renewed one waits for the next connection)");
        this.expiryCheck = scheduler.scheduleWithFixedDelay(this::checkExpiry, FIRST_EXPIRY_CHECK.toSeconds(),
                EXPIRY_CHECK_INTERVAL.toSeconds(), TimeUnit.SECONDS);
    }

    private static ScheduledExecutorService newScheduler() {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "galvani-certificates");
            t.setDaemon(true);
            return t;
        });
        executor.setRemoveOnCancelPolicy(true);
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        return executor;
    }

    /** A SetVariables on SecurityCtrlr (or a hand edit of the configuration): applies from the next use. */
    @Modified
    void modified(CertificatesConfig config) {
        Settings before = settings;
        settings = Settings.from(config);
        if (!provisioningPaths(config).equals(provisioningPaths(this.config))) {
            // new provisioning files (or the configuration arrived after activation): imported once per content
            Provisioning.importFiles(config, repository, now.get(), this::report);
        }
        this.config = config;
        if (!before.organizationName().equals(settings.organizationName())) {
            logger.info("SecurityCtrlr.OrganizationName is now \"{}\"", settings.organizationName());
            report(SecurityEventType.RECONFIGURATION_OF_SECURITY_PARAMETERS,
                    "SecurityCtrlr.OrganizationName changed to \"" + settings.organizationName() + "\"");
        }
        if (before.maxCertificateEntries() != settings.maxCertificateEntries()) {
            logger.info("maxCertificateEntries {} applies to InstallCertificate now; the maxLimit reported for "
                    + "CertificateEntries changes at the next start", settings.maxCertificateEntries());
        }
    }

    private static List<String> provisioningPaths(CertificatesConfig c) {
        return List.of(c.csmsRootCertificatePath().trim(), c.stationCertificatePath().trim(), c.stationKeyPath().trim());
    }

    @Deactivate
    void deactivate() {
        renewal.close();
        expiryCheck.cancel(false);
        // Not shutdownNow at once: interrupting a write would close its file channel half-way.
        scheduler.shutdown();
        try {
            scheduler.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        scheduler.shutdownNow();
        repository.syncStationFiles(); // in case the task for a last promotion did not get to run
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addListener(CertificateStoreListener listener) {
        listeners.add(listener);
    }

    void removeListener(CertificateStoreListener listener) {
        listeners.remove(listener);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void setSecurityEvents(SecurityEvents events) {
        List<String[]> waiting;
        synchronized (backlog) {
            securityEvents = events;
            waiting = List.copyOf(backlog);
            backlog.clear();
        }
        for (String[] event : waiting) {
            deliver(events, event[0], event[1]);
        }
    }

    void unsetSecurityEvents(SecurityEvents events) {
        synchronized (backlog) {
            if (securityEvents == events) {
                securityEvents = null;
            }
        }
    }

    // --- CertificateStore -------------------------------------------------------------------------------------

    @Override
    public List<X509Certificate> roots(GetCertificateIdUseEnumType use) {
        Instant at = now.get();
        return repository.state().roots().stream()
                .filter(r -> r.use() == use && CertificateChecks.isValidAt(r.certificate(), at))
                .map(StoreState.Root::certificate).toList();
    }

    @Override
    public List<StationCredentials> stationCredentials() {
        List<StationCredentials> list = repository.state().stationCredentials();
        if (!list.isEmpty() && list.get(0).renewed()) {
            offeredRenewed = list.get(0).id();
        }
        return list;
    }

    @Override
    public void connectedWith(StationCredentials credentials) {
        StationCredentials promoted = repository.promote(credentials.id());
        if (promoted != null) {
            logger.info("The renewed station certificate works; it replaces the old one (A02.FR.10): {}, valid until {}",
                    promoted.certificate().getSubjectX500Principal().getName(),
                    promoted.certificate().getNotAfter().toInstant());
            report(SecurityEventType.RECONFIGURATION_OF_SECURITY_PARAMETERS,
                    "ChargingStationCertificate renewed, sha256 " + promoted.id());
            return;
        }
        StoreState state = repository.state();
        if (state.renewed() != null && state.current() != null && state.current().id().equals(credentials.id())
                && state.renewed().id().equals(offeredRenewed)) {
            // A02.FR.10: after the renewed one was offered, a connection works with the old one: the one not in use
            // (the new one) goes. Not before it was offered: that connection was set up before it came.
            discarded(repository.discardRenewed(state.renewed().id()), "a connection was made with the old one");
        }
    }

    @Override
    public void refusedWith(StationCredentials credentials) {
        StationCredentials discarded = repository.discardRenewed(credentials.id());
        if (discarded == null) {
            logger.debug("The CSMS refused a connection with the station certificate {}", credentials.id());
            return;
        }
        discarded(discarded, "the CSMS refused the connection with it");
    }

    private void discarded(StationCredentials renewed, String why) {
        if (renewed == null) {
            return;
        }
        logger.warn("Renewed station certificate discarded, the previous one is used again (A02.FR.28): {}", why);
        report(SecurityEventType.DISCARDED_RENEWED_CLIENT_CERTIFICATE,
                "renewed ChargingStationCertificate sha256 " + renewed.id() + " discarded: " + why);
    }

    // --- OCPP use cases, for the handlers of this bundle --------------------------------------------------------

    InstallCertificateResponse install(InstallCertificateRequest request) {
        return ca.install(request);
    }

    GetInstalledCertificateIdsResponse installedIds(GetInstalledCertificateIdsRequest request) {
        return ca.installedIds(request);
    }

    DeleteCertificateResponse delete(DeleteCertificateRequest request) {
        return ca.delete(request);
    }

    /** TriggerMessage SignChargingStationCertificate (A02): Accepted if a CSR can be made; sent after the response. */
    TriggerMessageResponse triggerRenewal(InboundCall call) {
        Optional<String> problem = renewal.readiness();
        if (problem.isPresent()) {
            logger.warn("TriggerMessage SignChargingStationCertificate rejected: {}", problem.get());
            return TriggerMessageResponse.of(TriggerMessageStatusEnumType.Rejected)
                    .withStatusInfo(CaCertificates.info("MissingDevModelInfo", problem.get()));
        }
        call.afterResponse(() -> renewal.start(Renewal.Origin.CSMS)); // F06.FR.04, A02.FR.02
        return TriggerMessageResponse.of(TriggerMessageStatusEnumType.Accepted);
    }

    /** CertificateSigned (A02/A03): a valid certificate becomes the renewed one, tried at the next connection. */
    CertificateSignedResponse certificateSigned(CertificateSignedRequest request, InboundCall call) {
        if (request.certificateType() == CertificateSigningUseEnumType.V2GCertificate) {
            return CertificateSignedResponse.of(CertificateSignedStatusEnumType.Rejected).withStatusInfo(
                    CaCertificates.info("UnsupportedParam", "V2GCertificate: the station does not support ISO 15118"));
        }
        Settings s = settings;
        PendingCsr pending = repository.pending();
        SignedChainCheck.Outcome outcome = SignedChainCheck.check(request.certificateChain(), s.maxCertificateChainSize(),
                pending, roots(GetCertificateIdUseEnumType.CSMSRootCertificate), now.get());
        if (!outcome.valid()) {
            // A02.FR.07 / A03.FR.07: rejected, discarded, reported; no new CSR until triggered (A02.FR.20)
            logger.warn("CertificateSigned rejected: {}", outcome.problem());
            renewal.certificateRejected();
            report(SecurityEventType.INVALID_CHARGING_STATION_CERTIFICATE, outcome.problem());
            return CertificateSignedResponse.of(CertificateSignedStatusEnumType.Rejected)
                    .withStatusInfo(CaCertificates.info(outcome.reasonCode(), outcome.problem()));
        }
        X509Certificate leaf = outcome.chain().get(0);
        StationCredentials renewed = new StationCredentials(CertificateHashes.fingerprint(leaf), outcome.chain(),
                pending.key(), true);
        try {
            repository.storeRenewed(renewed);
        } catch (IOException e) {
            // not the certificate's fault: no event, and the CSR goes out again on the back-off schedule
            logger.error("Cannot store the renewed station certificate: {}", e.toString());
            return CertificateSignedResponse.of(CertificateSignedStatusEnumType.Rejected)
                    .withStatusInfo(CaCertificates.info("InternalError", "the certificate could not be stored"));
        }
        repository.clearPending(pending);
        renewal.certificateAccepted();
        logger.info("Renewed station certificate accepted: {}, valid until {}; the link reconnects to use it",
                leaf.getSubjectX500Principal().getName(), leaf.getNotAfter().toInstant());
        // A02.FR.08 (errata): reconnect with it, once the response is on the wire
        call.afterResponse(() -> execute(this::tellRenewed));
        return CertificateSignedResponse.of(CertificateSignedStatusEnumType.Accepted);
    }

    /** Runs {@code task} on the component's thread; after deactivation it is dropped. */
    private void execute(Runnable task) {
        try {
            scheduler.execute(task);
        } catch (RejectedExecutionException e) {
            logger.debug("Certificates component stopped; task dropped");
        }
    }

    private void tellRenewed() {
        for (CertificateStoreListener listener : listeners) {
            try {
                listener.stationCredentialsRenewed();
            } catch (RuntimeException e) {
                logger.error("CertificateStoreListener {} failed", listener.getClass().getName(), e);
            }
        }
    }

    // --- for the device model and the console -----------------------------------------------------------------

    StoreState state() {
        return repository.state();
    }

    Settings settings() {
        return settings;
    }

    Renewal renewal() {
        return renewal;
    }

    /** The key pair and CSR of a renewal waiting for its certificate, or null. */
    PendingCsr pending() {
        return repository.pending();
    }

    Path directory() {
        return repository.directory();
    }

    /** For ISO 15118 (and tests): keeps a V2G certificate chain, leaf first. */
    void storeV2gChain(List<X509Certificate> chain) throws IOException {
        repository.storeV2gChain(chain);
    }

    private void checkExpiry() {
        try {
            renewal.checkExpiry();
        } catch (RuntimeException e) {
            logger.error("Expiry check of the station certificate failed", e);
        }
    }

    /**
     * Reports a security event; techInfo is cut to {@value #MAX_TECH_INFO} characters and never holds a secret.
     * Without a SecurityEvents service the event waits (the last {@value #MAX_BACKLOG}) until one is bound.
     */
    void report(String type, String techInfo) {
        String text = techInfo.length() > MAX_TECH_INFO ? techInfo.substring(0, MAX_TECH_INFO) : techInfo;
        SecurityEvents events;
        synchronized (backlog) {
            events = securityEvents;
            if (events == null) {
                if (backlog.size() == MAX_BACKLOG) {
                    backlog.removeFirst();
                }
                backlog.addLast(new String[] { type, text });
            }
        }
        if (events == null) {
            logger.info("Security event {} (held until a SecurityEvents service runs): {}", type, text);
            return;
        }
        deliver(events, type, text);
    }

    private static void deliver(SecurityEvents events, String type, String text) {
        try {
            events.report(type, text);
        } catch (RuntimeException e) {
            logger.warn("SecurityEvents failed to take {}: {}", type, e.toString());
        }
    }

    Instant now() {
        return now.get();
    }

    private Instant stationTime() {
        StationClock c = clock;
        return c != null ? c.now() : Instant.now();
    }

    private static Path dataDir(BundleContext context) {
        String dir = context.getProperty(DATA_DIR_PROPERTY);
        return dir != null && !dir.isBlank() ? Path.of(dir) : context.getDataFile("").toPath();
    }
}
