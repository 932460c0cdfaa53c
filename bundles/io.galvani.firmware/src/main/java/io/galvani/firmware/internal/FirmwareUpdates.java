package io.galvani.firmware.internal;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.galvani.filetransfer.Redaction;
import io.galvani.filetransfer.TransferLocation;
import io.galvani.firmware.api.BundleSet;
import io.galvani.firmware.api.FirmwareInstaller;
import io.galvani.firmware.api.ImageRejectedException;
import io.galvani.firmware.api.InstallPlan;
import io.galvani.firmware.api.InstallProgress;
import io.galvani.firmware.api.InstallResult;
import io.galvani.ocpp.api.InboundCall;
import io.galvani.ocpp.model.messages.FirmwareStatusNotificationRequest;
import io.galvani.ocpp.model.messages.UpdateFirmwareRequest;
import io.galvani.ocpp.model.messages.UpdateFirmwareResponse;
import io.galvani.ocpp.model.types.FirmwareStatusEnumType;
import io.galvani.ocpp.model.types.FirmwareType;
import io.galvani.ocpp.model.types.GetCertificateIdUseEnumType;
import io.galvani.ocpp.model.types.StatusInfoType;
import io.galvani.ocpp.model.types.UpdateFirmwareStatusEnumType;
import io.galvani.security.api.CertificateStore;
import io.galvani.security.api.SecurityEventType;
import io.galvani.security.api.SecurityEvents;

/**
 * The secure firmware update (L01): answers UpdateFirmware, then downloads, verifies and installs on one
 * single-threaded executor, reporting every state with FirmwareStatusNotification carrying the requestId
 * (L01.FR.01/10).
 *
 * <p>At most one update runs. A new UpdateFirmware cancels it (L01.FR.24: the download or the wait is broken off,
 * the canceled one ends with DownloadFailed or InstallationFailed) unless bundles are being swapped or the station
 * reboots for it (L01.FR.27: Rejected). Every state change is written to the {@link UpdateStore} before it is
 * reported, so that after a restart a download is tried again and an interrupted installation is reported with the
 * outcome the installer found ({@link #resume}).
 */
final class FirmwareUpdates {
    private static final Logger LOG = LoggerFactory.getLogger(FirmwareUpdates.class);
    /**
     * After a restart, how long the installer may take to finish an installation: its health check (90 s by default)
     * and a rollback restart are well within it; beyond it something is wrong and the CSMS hears InstallationFailed.
     */
    static final Duration SETTLE_WAIT = Duration.ofMinutes(10);

    /** Where an update is; decides what a cancel reports and whether it is possible. */
    enum Stage {
        DOWNLOAD_SCHEDULED, DOWNLOADING, RETRY_WAIT, VERIFYING, INSTALL_SCHEDULED, WAITING_FOR_INSTALLER, CHECKING,
        WAITING_FOR_IDLE_EVSES, SWAPPING, REBOOTING, DONE;

        boolean cancellable() {
            return this != SWAPPING && this != REBOOTING && this != DONE;
        }

        boolean downloading() {
            return this == DOWNLOAD_SCHEDULED || this == DOWNLOADING || this == RETRY_WAIT;
        }
    }

    /** The services an update uses, looked up when needed (each may come and go). */
    interface Services {
        Optional<CertificateStore> certificates();

        Optional<SecurityEvents> securityEvents();

        Optional<FirmwareInstaller> installer();
    }

    /** The last outcome, for the console. */
    record Outcome(int requestId, FirmwareStatusEnumType status, String detail, Instant at) {
    }

    private final Services services;
    private final StatusSender sender;
    private final EvseGate gate;
    private final UpdateStore store;
    private final Path downloadDir;
    private final ScheduledExecutorService executor;
    private final Supplier<Instant> clock;
    private final Supplier<Settings> settings;
    private final Map<String, Downloader> downloaders;
    private final Duration launchGrace;

    // guarded by this
    private Update current;
    private FirmwareStatusEnumType lastStatus;
    private Integer lastRequestId;
    private Outcome lastOutcome;
    /** After {@link #close}: nothing is reported or stored any more. */
    private boolean closed;

    FirmwareUpdates(Services services, StatusSender sender, EvseGate gate, UpdateStore store, Path downloadDir,
            ScheduledExecutorService executor, Supplier<Instant> clock, Supplier<Settings> settings,
            Map<String, Downloader> downloaders, Duration launchGrace) {
        this.services = services;
        this.sender = sender;
        this.gate = gate;
        this.store = store;
        this.downloadDir = downloadDir;
        this.executor = executor;
        this.clock = clock;
        this.settings = settings;
        this.downloaders = Map.copyOf(downloaders);
        this.launchGrace = launchGrace;
    }

    static Map<String, Downloader> defaultDownloaders() {
        Downloader http = new HttpDownloader();
        Downloader ftp = new FtpDownloader();
        return Map.of("http", http, "https", http, "ftp", ftp, "ftps", ftp);
    }

    // ---------------------------------------------------------------- UpdateFirmware (transport thread)

    UpdateFirmwareResponse request(UpdateFirmwareRequest request, InboundCall call) {
        int requestId = request.requestId();
        FirmwareType fw = request.firmware();
        String where = Redaction.location(fw.location());
        TransferLocation location;
        try {
            location = TransferLocation.parse(fw.location());
        } catch (TransferLocation.InvalidLocation e) {
            LOG.warn("UpdateFirmware {}: location {} unusable ({}): Rejected", requestId, where, e.getMessage());
            return rejected("InvalidURL", e.getMessage());
        }
        X509Certificate certificate;
        try {
            List<X509Certificate> roots = services.certificates()
                    .map(c -> c.roots(GetCertificateIdUseEnumType.ManufacturerRootCertificate)).orElse(List.of());
            certificate = SigningCertificate.validate(fw.signingCertificate(), roots, clock.get());
        } catch (SigningCertificate.Invalid e) {
            // L01.FR.02/22: answered InvalidCertificate, reported as a security event; nothing else changes.
            LOG.warn("UpdateFirmware {}: {}: InvalidCertificate", requestId, e.getMessage());
            securityEvent(SecurityEventType.INVALID_FIRMWARE_SIGNING_CERTIFICATE,
                    "UpdateFirmware " + requestId + ": " + e.getMessage());
            return UpdateFirmwareResponse.of(UpdateFirmwareStatusEnumType.InvalidCertificate)
                    .withStatusInfo(StatusInfoType.of("InvalidCertificate").withAdditionalInfo(cut(e.getMessage())));
        }
        Settings s = settings.get();
        int retries = Math.min(s.maxRetries(),
                Math.max(0, request.retries() != null ? request.retries() : s.defaultRetries()));
        int interval = Math.max(0,
                request.retryInterval() != null ? request.retryInterval() : s.defaultRetryIntervalSeconds());
        UpdateRecord record = new UpdateRecord(requestId, UpdateRecord.Phase.DOWNLOAD, fw.location(), retries + 1,
                interval, fw.retrieveDateTime(), fw.installDateTime(), fw.signingCertificate(), fw.signature(), null,
                null);
        Update update = new Update(record, certificate, location);
        Update canceled;
        synchronized (this) {
            canceled = current;
            if (canceled != null && !canceled.stage.cancellable()) {
                LOG.warn("UpdateFirmware {}: update {} is {} and can no longer be canceled: Rejected", requestId,
                        canceled.record.requestId(), canceled.stage);
                return rejected("FwUpdateInProgress", "firmware update " + canceled.record.requestId()
                        + " is being installed and can no longer be canceled");
            }
            try {
                save(Optional.of(record));
            } catch (IOException e) {
                LOG.error("UpdateFirmware {}: cannot store the update in {}: {}", requestId, store.file(),
                        e.toString());
                return rejected("InternalError", "cannot store the update: " + e.getMessage());
            }
            if (canceled != null) {
                canceled.cancel();
            }
            current = update;
        }
        LOG.info("UpdateFirmware {}: {} (retrieve {}, install {}), {} retries every {} s, signed by {}{}", requestId,
                where, fw.retrieveDateTime(), fw.installDateTime() == null ? "when ready" : fw.installDateTime(),
                retries, interval, certificate.getSubjectX500Principal().getName(),
                canceled != null ? ", canceling update " + canceled.record.requestId() : "");
        AtomicBoolean launched = new AtomicBoolean();
        Runnable launch = () -> {
            if (!launched.compareAndSet(false, true)) {
                return;
            }
            if (canceled != null) {
                FirmwareStatusEnumType end = canceled.canceledAs();
                report(canceled, end, true);
                remember(canceled.record.requestId(), end, "canceled by UpdateFirmware " + requestId);
            }
            submit(update, update::start);
        };
        // Normally started once the response is on the wire; should the transport never confirm that, anyway.
        schedule(update, launch, launchGrace);
        call.afterResponse(launch);
        return UpdateFirmwareResponse.of(canceled != null ? UpdateFirmwareStatusEnumType.AcceptedCanceled
                : UpdateFirmwareStatusEnumType.Accepted);
    }

    // ---------------------------------------------------------------- TriggerMessage, console, lifecycle

    /** L01.FR.25/26: the last status sent; Idle after Installed or when nothing was ever sent. */
    synchronized FirmwareStatusNotificationRequest triggeredStatus() {
        if (lastStatus == null || lastStatus == FirmwareStatusEnumType.Installed) {
            return FirmwareStatusNotificationRequest.of(FirmwareStatusEnumType.Idle);
        }
        return FirmwareStatusNotificationRequest.of(lastStatus).withRequestId(lastRequestId);
    }

    synchronized String describe() {
        StringBuilder b = new StringBuilder();
        if (current == null) {
            b.append("Update:      none running\n");
        } else {
            UpdateRecord r = current.record;
            b.append("Update:      requestId ").append(r.requestId()).append(", ").append(current.stage)
                    .append('\n');
            b.append("  location:  ").append(Redaction.location(r.location())).append('\n');
            b.append("  retrieve:  ").append(r.retrieveAt()).append(", install: ")
                    .append(r.installAt() == null ? "when ready" : r.installAt()).append('\n');
            b.append("  attempts left: ").append(r.attemptsLeft()).append(", every ")
                    .append(r.retryIntervalSeconds()).append(" s\n");
            Set<Integer> closed = gate.closedEvses();
            if (!closed.isEmpty()) {
                b.append("  EVSEs Unavailable for it: ").append(closed).append('\n');
            }
        }
        b.append("Last status: ").append(lastStatus == null ? "none (Idle)" : lastStatus.value()
                + (lastRequestId != null ? " #" + lastRequestId : "")).append('\n');
        b.append("Last result: ").append(lastOutcome == null ? "none"
                : lastOutcome.status().value() + " #" + lastOutcome.requestId() + " at " + lastOutcome.at() + ": "
                        + lastOutcome.detail()).append('\n');
        return b.toString();
    }

    synchronized Optional<Outcome> lastOutcome() {
        return Optional.ofNullable(lastOutcome);
    }

    synchronized Optional<Stage> stage() {
        return current == null ? Optional.empty() : Optional.of(current.stage);
    }

    /**
     * Picks up what the store says after a start: the last status sent, and an update a restart interrupted.
     */
    void resume() {
        UpdateStore.State state;
        try {
            state = store.load();
        } catch (IOException e) {
            LOG.warn("Firmware update state unreadable, starting without it: {}", e.getMessage());
            state = UpdateStore.State.empty();
        }
        removeLeftovers(state.update().map(UpdateRecord::image).orElse(null));
        Update update;
        synchronized (this) {
            lastStatus = state.lastStatus();
            lastRequestId = state.lastRequestId();
            if (state.update().isEmpty()) {
                return;
            }
            UpdateRecord r = state.update().get();
            X509Certificate cert;
            TransferLocation location;
            try {
                cert = SigningCertificate.parse(r.signingCertificate());
                location = TransferLocation.parse(r.location());
            } catch (SigningCertificate.Invalid | TransferLocation.InvalidLocation e) {
                LOG.warn("Firmware update {} from before the restart unusable ({}), dropped", r.requestId(),
                        e.getMessage());
                return;
            }
            update = new Update(r, cert, location);
            if (Integer.valueOf(r.requestId()).equals(lastRequestId)) {
                update.lastSent = lastStatus; // e.g. InstallRebooting: Installed follows without Installing again
            }
            current = update;
        }
        LOG.info("Firmware update {} interrupted by a restart in phase {}: resuming", update.record.requestId(),
                update.record.phase());
        submit(update, update::resume);
    }

    /** The installer service appeared: an update waiting for it goes on. */
    void installerAvailable() {
        Update u;
        synchronized (this) {
            u = current;
        }
        if (u != null && u.stage == Stage.WAITING_FOR_INSTALLER) {
            submit(u, u::installerArrived);
        }
    }

    /**
     * The bundle stops: the update in progress is broken off without notification and the store is left as it is,
     * so the next start resumes it. A swap in progress is not interrupted (the installer finishes or rolls back by
     * itself); this instance just stops reporting it. An installation that restarts the framework (InstallRebooting)
     * waits in install() for this stop: its thread is interrupted, the next start reports the outcome.
     *
     * @return whether the executor's thread may be interrupted (false while bundles are being swapped)
     */
    boolean close() {
        Update u;
        synchronized (this) {
            closed = true;
            u = current;
            current = null;
        }
        boolean interruptible = u == null || u.stage.cancellable();
        if (u != null && interruptible) {
            u.cancel();
        }
        if (u != null && u.stage == Stage.REBOOTING) {
            interruptible = true; // install() waits for this stop of the framework: its thread must end now
        }
        gate.open();
        return interruptible;
    }

    // ---------------------------------------------------------------- helpers

    private void submit(Update update, Runnable step) {
        try {
            update.future = executor.submit(step);
        } catch (RejectedExecutionException e) {
            LOG.debug("Firmware update {}: not run, bundle stopping", update.record.requestId());
        }
    }

    private void schedule(Update update, Runnable step, Duration delay) {
        try {
            update.future = executor.schedule(step, Math.max(0, delay.toMillis()), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            LOG.debug("Firmware update {}: not scheduled, bundle stopping", update.record.requestId());
        }
    }

    private synchronized void save(Optional<UpdateRecord> record) throws IOException {
        store.save(new UpdateStore.State(record, lastStatus, lastRequestId));
    }

    /**
     * Sends {@code status} for {@code update} unless it was canceled meanwhile ({@code evenIfCanceled} for the one
     * status that ends a canceled update); the status is stored first, for TriggerMessage after a restart.
     */
    private void report(Update update, FirmwareStatusEnumType status, boolean evenIfCanceled) {
        synchronized (this) {
            if (closed || update.canceled && !evenIfCanceled) {
                return;
            }
            lastStatus = status;
            lastRequestId = update.record.requestId();
            update.lastSent = status;
            try {
                store.save(new UpdateStore.State(currentRecord(), lastStatus, lastRequestId));
            } catch (IOException e) {
                LOG.warn("Cannot store firmware status {} in {}: {}", status.value(), store.file(), e.toString());
            }
            LOG.info("Firmware update {}: {}", update.record.requestId(), status.value());
            sender.send(FirmwareStatusNotificationRequest.of(status).withRequestId(update.record.requestId()));
        }
    }

    private Optional<UpdateRecord> currentRecord() {
        return current == null ? Optional.empty() : Optional.of(current.record);
    }

    private synchronized void remember(int requestId, FirmwareStatusEnumType status, String detail) {
        lastOutcome = new Outcome(requestId, status, detail, clock.get());
    }

    private void securityEvent(String type, String techInfo) {
        Optional<SecurityEvents> events = services.securityEvents();
        if (events.isPresent()) {
            events.get().report(type, cut(techInfo));
        } else {
            LOG.warn("Security event {} not reported, no SecurityEvents service: {}", type, techInfo);
        }
    }

    private static UpdateFirmwareResponse rejected(String reason, String info) {
        return UpdateFirmwareResponse.of(UpdateFirmwareStatusEnumType.Rejected)
                .withStatusInfo(StatusInfoType.of(reason).withAdditionalInfo(cut(info)));
    }

    private static String cut(String s) {
        return s == null ? null : s.length() > 255 ? s.substring(0, 254) + "…" : s;
    }

    /** Images and partial files no running update needs (a power cut during a download leaves them). */
    private void removeLeftovers(Path keep) {
        if (!Files.isDirectory(downloadDir)) {
            return;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(downloadDir, "update-*")) {
            for (Path p : files) {
                if (!p.equals(keep)) {
                    Files.deleteIfExists(p);
                }
            }
        } catch (IOException e) {
            LOG.debug("Cannot clean {}: {}", downloadDir, e.toString());
        }
    }

    private static String whole(Duration d) {
        return d.toSeconds() + " s";
    }

    // ---------------------------------------------------------------- one update

    /** One UpdateFirmware; its steps run on the executor, one at a time. */
    private final class Update {
        volatile UpdateRecord record;
        final X509Certificate certificate;
        final TransferLocation location;
        volatile Stage stage = Stage.DOWNLOAD_SCHEDULED;
        volatile boolean canceled;
        volatile Future<?> future;
        volatile Runnable abort = () -> { };
        volatile FirmwareStatusEnumType lastSent;
        volatile Thread installing;
        Future<?> installerTimeout;

        Update(UpdateRecord record, X509Certificate certificate, TransferLocation location) {
            this.record = record;
            this.certificate = certificate;
            this.location = location;
        }

        int id() {
            return record.requestId();
        }

        /** What a canceled update ends with (L01.FR.24 note). */
        FirmwareStatusEnumType canceledAs() {
            return stage.downloading() ? FirmwareStatusEnumType.DownloadFailed
                    : FirmwareStatusEnumType.InstallationFailed;
        }

        /** Any thread: breaks off the download or the wait for idle EVSEs; later steps see {@link #canceled}. */
        void cancel() {
            canceled = true;
            try {
                abort.run();
            } catch (RuntimeException e) {
                LOG.debug("Firmware update {}: abort failed: {}", id(), e.toString());
            }
            Future<?> f = future;
            if (f != null) {
                f.cancel(true);
            }
            Thread t = installing;
            if (t != null) {
                t.interrupt(); // FirmwareInstaller.install gives up its wait for idle EVSEs
            }
            try {
                executor.execute(this::deleteFiles);
            } catch (RejectedExecutionException e) {
                deleteFiles();
            }
        }

        void start() {
            if (canceled) {
                return;
            }
            Instant now = clock.get();
            if (record.retrieveAt().isAfter(now)) {
                stage = Stage.DOWNLOAD_SCHEDULED;
                report(this, FirmwareStatusEnumType.DownloadScheduled, false); // L01.FR.13
                schedule(this, this::attempt, Duration.between(now, record.retrieveAt()));
            } else {
                attempt();
            }
        }

        void resume() {
            switch (record.phase()) {
            case DOWNLOAD -> {
                if (record.attemptsLeft() <= 0) {
                    fail(FirmwareStatusEnumType.DownloadFailed, "no download attempt left after the restart");
                } else {
                    start();
                }
            }
            case DOWNLOADED -> {
                if (record.image() != null && Files.isRegularFile(record.image())) {
                    verify();
                } else {
                    LOG.info("Firmware update {}: image gone after the restart, downloading again", id());
                    record = record.with(UpdateRecord.Phase.DOWNLOAD).withImage(null);
                    start();
                }
            }
            case INSTALLING -> install();
            }
        }

        void attempt() {
            if (canceled) {
                return;
            }
            if (stage != Stage.DOWNLOADING && stage != Stage.RETRY_WAIT) {
                report(this, FirmwareStatusEnumType.Downloading, false);
            }
            stage = Stage.DOWNLOADING;
            Settings s = settings.get();
            Path part = downloadDir.resolve("update-" + id() + ".part");
            Path image = downloadDir.resolve("update-" + id() + ".img");
            try {
                OwnerOnly.createDirectories(downloadDir);
                Files.deleteIfExists(part);
                OwnerOnly.createFile(part);
                downloaders.get(location.scheme()).download(location, part, s, a -> abort = a);
                abort = () -> { };
                Files.move(part, image, StandardCopyOption.REPLACE_EXISTING);
            } catch (InterruptedException e) {
                deleteQuietly(part);
                return;
            } catch (DownloadException | IOException e) {
                abort = () -> { };
                deleteQuietly(part);
                if (canceled) {
                    return;
                }
                String why = e instanceof DownloadException ? e.getMessage() : "cannot write " + part + ": " + e;
                retryOrFail(why);
                return;
            }
            if (canceled) {
                deleteQuietly(image);
                return;
            }
            long size = sizeOf(image);
            LOG.info("Firmware update {}: {} bytes downloaded from {}", id(), size, location);
            record = record.with(UpdateRecord.Phase.DOWNLOADED).withImage(image);
            persist();
            report(this, FirmwareStatusEnumType.Downloaded, false);
            verify();
        }

        void retryOrFail(String why) {
            record = record.withAttemptsLeft(record.attemptsLeft() - 1);
            boolean retry = record.attemptsLeft() > 0;
            if (retry) {
                LOG.warn("Firmware update {}: download from {} failed: {}, {} attempt(s) left, next in {} s", id(),
                        location, why, record.attemptsLeft(), record.retryIntervalSeconds());
                persist();
                stage = Stage.RETRY_WAIT;
                schedule(this, this::attempt, Duration.ofSeconds(record.retryIntervalSeconds()));
            } else {
                LOG.info("Firmware update {}: download from {} failed, no attempt left", id(), location);
                fail(FirmwareStatusEnumType.DownloadFailed, why); // L01.FR.30
            }
        }

        void verify() {
            if (canceled) {
                return;
            }
            stage = Stage.VERIFYING;
            try {
                ImageSignature.verify(record.image(), record.signature(), certificate.getPublicKey());
            } catch (ImageSignature.Invalid e) {
                LOG.warn("Firmware update {}: {}: InvalidSignature, nothing installed", id(), e.getMessage());
                report(this, FirmwareStatusEnumType.InvalidSignature, false);
                securityEvent(SecurityEventType.INVALID_FIRMWARE_SIGNATURE,
                        "UpdateFirmware " + id() + ": " + e.getMessage()); // L01.FR.03
                end(FirmwareStatusEnumType.InvalidSignature, e.getMessage());
                return;
            } catch (IOException e) {
                fail(FirmwareStatusEnumType.DownloadFailed, "downloaded image unreadable: " + e);
                return;
            }
            report(this, FirmwareStatusEnumType.SignatureVerified, false);
            Instant now = clock.get();
            if (record.installAt() != null && record.installAt().isAfter(now)) {
                stage = Stage.INSTALL_SCHEDULED;
                report(this, FirmwareStatusEnumType.InstallScheduled, false); // L01.FR.16
                schedule(this, this::install, Duration.between(now, record.installAt()));
            } else {
                install();
            }
        }

        void install() {
            if (canceled) {
                return;
            }
            Optional<FirmwareInstaller> installer = services.installer();
            if (installer.isEmpty()) {
                if (stage != Stage.WAITING_FOR_INSTALLER) {
                    stage = Stage.WAITING_FOR_INSTALLER;
                    Duration wait = settings.get().installerWait();
                    LOG.info("Firmware update {}: no FirmwareInstaller service, waiting up to {}", id(), whole(wait));
                    installerTimeout = executor.schedule(this::installerMissing, wait.toMillis(),
                            TimeUnit.MILLISECONDS);
                }
                return;
            }
            if (installerTimeout != null) {
                installerTimeout.cancel(false);
                installerTimeout = null;
            }
            if (record.phase() == UpdateRecord.Phase.INSTALLING) {
                outcomeAfterRestart(installer.get());
            } else {
                check(installer.get());
            }
        }

        void installerArrived() {
            if (stage == Stage.WAITING_FOR_INSTALLER) {
                install();
            }
        }

        void installerMissing() {
            if (!canceled && stage == Stage.WAITING_FOR_INSTALLER) {
                fail(FirmwareStatusEnumType.InstallationFailed, "no FirmwareInstaller service within "
                        + whole(settings.get().installerWait()) + " (is io.galvani.firmware.installer running?)");
            }
        }

        void check(FirmwareInstaller installer) {
            stage = Stage.CHECKING;
            InstallPlan plan;
            try {
                plan = installer.check(record.image());
            } catch (ImageRejectedException e) {
                LOG.warn("Firmware update {}: image refused by the installer ({}): {}", id(), e.reason(),
                        e.getMessage());
                fail(FirmwareStatusEnumType.InstallVerificationFailed, e.reason() + ": " + e.getMessage());
                return;
            } catch (RuntimeException e) {
                LOG.error("Firmware update {}: installer failed checking the image", id(), e);
                fail(FirmwareStatusEnumType.InstallationFailed, "installer failed checking the image: " + e);
                return;
            }
            if (canceled) {
                return;
            }
            LOG.info("Firmware update {}: image {} checked: {} bundle(s) change, power path {}, transport {}", id(),
                    plan.target().firmwareVersion(), plan.changes().size(), plan.touchesPowerPath(),
                    plan.touchesTransport());
            record = record.with(UpdateRecord.Phase.INSTALLING).withTarget(plan.target());
            persist();
            InstallResult result;
            installing = Thread.currentThread();
            try {
                if (canceled) {
                    return;
                }
                result = installer.install(plan, new Progress());
            } catch (InterruptedException e) {
                if (stage == Stage.REBOOTING) {
                    LOG.info("Firmware update {}: the station restarts to install it; the outcome follows after", id());
                } else {
                    LOG.info("Firmware update {}: installation canceled before anything was swapped", id());
                }
                return;
            } catch (RuntimeException e) {
                LOG.error("Firmware update {}: installer failed", id(), e);
                fail(FirmwareStatusEnumType.InstallationFailed, "installer failed: " + e);
                return;
            } finally {
                installing = null;
                Thread.interrupted(); // a cancel that came too late must not hit the next step
                gate.open();
            }
            LOG.info("Firmware update {}: {} ({}), swap {} ms, link down {} ms", id(), result.status(),
                    result.detail(), result.swapMillis(), result.linkDownMillis());
            switch (result.status()) {
            case INSTALLED -> installed(result.installed().firmwareVersion(), result.detail());
            case INSTALLATION_FAILED -> fail(FirmwareStatusEnumType.InstallationFailed, result.detail());
            case VERIFICATION_FAILED -> fail(FirmwareStatusEnumType.InstallVerificationFailed, result.detail());
            }
        }

        /**
         * A restart interrupted install(), or install() restarted the station (InstallRebooting): the installer
         * finishes or undoes it at its start (a health check, perhaps a rollback through another restart); wait for
         * that, then say which (L01.FR.32: the new firmware sends Installed).
         */
        void outcomeAfterRestart(FirmwareInstaller installer) {
            stage = Stage.CHECKING;
            Optional<BundleSet> running;
            try {
                running = installer.settled(SETTLE_WAIT);
            } catch (InterruptedException e) {
                LOG.info("Firmware update {}: stopped while the installer finishes; the next start reports it", id());
                return;
            } catch (RuntimeException e) {
                LOG.error("Firmware update {}: installer failed", id(), e);
                fail(FirmwareStatusEnumType.InstallationFailed, "installer failed after the restart: " + e);
                return;
            }
            if (running.isEmpty()) {
                fail(FirmwareStatusEnumType.InstallationFailed, "the installer did not finish within "
                        + whole(SETTLE_WAIT) + " after the restart");
            } else if (UpdateRecord.sameSet(running.get(), record.target())) {
                installed(record.target().firmwareVersion(), "installation completed across a restart");
            } else {
                fail(FirmwareStatusEnumType.InstallationFailed, "installation not completed across the restart; the "
                        + "station runs " + running.get().firmwareVersion() + ", not "
                        + record.target().firmwareVersion());
            }
        }

        void installed(String version, String detail) {
            synchronized (FirmwareUpdates.this) {
                if (closed) {
                    return; // the next start reports it, with the security event
                }
            }
            if (lastSent != FirmwareStatusEnumType.Installing && lastSent != FirmwareStatusEnumType.InstallRebooting) {
                report(this, FirmwareStatusEnumType.Installing, false);
            }
            report(this, FirmwareStatusEnumType.Installed, false); // L01.FR.28
            securityEvent(SecurityEventType.FIRMWARE_UPDATED,
                    "firmware " + version + " installed (UpdateFirmware " + id() + ")"); // L01.FR.31
            end(FirmwareStatusEnumType.Installed, "firmware " + version + (detail == null ? "" : ": " + detail));
        }

        void fail(FirmwareStatusEnumType status, String why) {
            LOG.warn("Firmware update {}: {}: {}", id(), status.value(), why);
            report(this, status, false);
            end(status, why);
        }

        /** The update is over: files removed, the store keeps only the last status. */
        void end(FirmwareStatusEnumType status, String detail) {
            stage = Stage.DONE;
            deleteFiles();
            synchronized (FirmwareUpdates.this) {
                if (canceled || closed) {
                    return;
                }
                if (current == this) {
                    current = null;
                }
                lastOutcome = new Outcome(id(), status, detail, clock.get());
                try {
                    save(currentRecord());
                } catch (IOException e) {
                    LOG.warn("Cannot store the end of firmware update {} in {}: {}", id(), store.file(),
                            e.toString());
                }
            }
        }

        void persist() {
            synchronized (FirmwareUpdates.this) {
                if (canceled || closed || current != this) {
                    return;
                }
                try {
                    save(Optional.of(record));
                } catch (IOException e) {
                    LOG.warn("Cannot store firmware update {} in {}: {}", id(), store.file(), e.toString());
                }
            }
        }

        void deleteFiles() {
            deleteQuietly(downloadDir.resolve("update-" + id() + ".part"));
            deleteQuietly(downloadDir.resolve("update-" + id() + ".img"));
        }

        /** The installer's steps, on the installing thread. */
        private final class Progress implements InstallProgress {
            @Override
            public void waitingForIdleEvses() {
                stage = Stage.WAITING_FOR_IDLE_EVSES;
                if (lastSent != FirmwareStatusEnumType.InstallScheduled) {
                    report(Update.this, FirmwareStatusEnumType.InstallScheduled, false); // L01.FR.34
                }
                if (!settings.get().allowNewSessions()) {
                    gate.close(); // L01.FR.07
                }
            }

            @Override
            public void installing() {
                stage = Stage.SWAPPING;
                report(Update.this, FirmwareStatusEnumType.Installing, false);
            }

            @Override
            public void rebooting() {
                stage = Stage.REBOOTING;
                report(Update.this, FirmwareStatusEnumType.InstallRebooting, false); // L01.FR.15
                // As Reset does: in the security log (forced to disk) before the framework stops.
                securityEvent(SecurityEventType.RESET_OR_REBOOT, "reason=FirmwareUpdate (UpdateFirmware " + id() + ")");
            }
        }
    }

    private static long sizeOf(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return -1;
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            LOG.debug("Cannot delete {}: {}", p, e.toString());
        }
    }
}
