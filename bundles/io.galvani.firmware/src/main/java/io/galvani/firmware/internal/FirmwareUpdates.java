package io.galvani.firmware.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.galvani.filetransfer.Redaction;
import io.galvani.filetransfer.TransferLocation;
import io.galvani.firmware.api.FirmwareInstaller;
import io.galvani.firmware.api.FirmwareUpdateStatus;
import io.galvani.ocpp.api.InboundCall;
import io.galvani.ocpp.model.messages.FirmwareStatusNotificationRequest;
import io.galvani.ocpp.model.messages.UpdateFirmwareRequest;
import io.galvani.ocpp.model.messages.UpdateFirmwareResponse;
import io.galvani.ocpp.model.types.FirmwareStatusEnumType;
import io.galvani.ocpp.model.types.FirmwareType;
import io.galvani.ocpp.model.types.UpdateFirmwareStatusEnumType;
import io.galvani.security.api.CertificateStore;
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
 * outcome the installer found ({@link #resume}). One update's steps are in {@link UpdateRun}; this class keeps
 * what outlives an update: which one is current, the last status and outcome, the store.
 */
final class FirmwareUpdates implements UpdateRun.Host {
    private static final Logger LOG = LoggerFactory.getLogger(FirmwareUpdates.class);

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

        /** Reports a security event, or logs that it could not (no SecurityEvents service). */
        default void securityEvent(String type, String techInfo) {
            Optional<SecurityEvents> events = securityEvents();
            if (events.isPresent()) {
                events.get().report(type, UpdateFirmwareValidation.cut(techInfo));
            } else {
                LOG.warn("Security event {} not reported, no SecurityEvents service: {}", type, techInfo);
            }
        }
    }

    /** The last outcome, for the console. */
    record Outcome(int requestId, FirmwareStatusEnumType status, String detail, Instant at) {
    }

    private final StatusSender sender;
    private final UpdateStore store;
    private final UpdateRun.Tools tools;
    private final Duration launchGrace;

    // guarded by this
    private UpdateRun current;
    private FirmwareStatusEnumType lastStatus;
    private Integer lastRequestId;
    private Outcome lastOutcome;
    /** After {@link #close}: nothing is reported or stored any more. */
    private boolean closed;

    FirmwareUpdates(Services services, StatusSender sender, EvseGate gate, UpdateStore store, Path downloadDir,
            ScheduledExecutorService executor, Supplier<Instant> clock, Supplier<Settings> settings,
            Map<String, Downloader> downloaders, Duration launchGrace) {
        this.sender = sender;
        this.store = store;
        this.tools = new UpdateRun.Tools(services, gate, new UpdateFiles(downloadDir), executor, clock, settings,
                Map.copyOf(downloaders));
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
        UpdateFirmwareValidation.Result validation = UpdateFirmwareValidation.validate(request, tools.services(),
                tools.settings().get(), tools.clock().get());
        if (validation.refusal() != null) {
            return validation.refusal();
        }
        UpdateRun update = new UpdateRun(validation.update(), this, tools);
        UpdateRecord record = update.record;
        UpdateRun canceled;
        synchronized (this) {
            canceled = current;
            if (canceled != null && !canceled.stage.cancellable()) {
                LOG.warn("UpdateFirmware {}: update {} is {} and can no longer be canceled: Rejected", requestId,
                        canceled.id(), canceled.stage);
                return UpdateFirmwareValidation.rejected("FwUpdateInProgress", "firmware update " + canceled.id()
                        + " is being installed and can no longer be canceled");
            }
            try {
                save(Optional.of(record));
            } catch (IOException e) {
                LOG.error("UpdateFirmware {}: cannot store the update in {}: {}", requestId, store.file(),
                        e.toString());
                return UpdateFirmwareValidation.rejected("InternalError", "cannot store the update: " + e.getMessage());
            }
            if (canceled != null) {
                canceled.cancel();
            }
            current = update;
        }
        LOG.info("UpdateFirmware {}: {} (retrieve {}, install {}), {} retries every {} s, signed by {}{}", requestId,
                Redaction.location(fw.location()), fw.retrieveDateTime(),
                fw.installDateTime() == null ? "when ready" : fw.installDateTime(), record.attemptsLeft() - 1,
                record.retryIntervalSeconds(), update.certificate.getSubjectX500Principal().getName(),
                canceled != null ? ", canceling update " + canceled.id() : "");
        AtomicBoolean launched = new AtomicBoolean();
        Runnable launch = () -> {
            if (!launched.compareAndSet(false, true)) {
                return;
            }
            if (canceled != null) {
                FirmwareStatusEnumType end = canceled.canceledAs();
                report(canceled, end, true);
                remember(canceled.id(), end, "canceled by UpdateFirmware " + requestId);
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
            Set<Integer> closed = tools.gate().closedEvses();
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
        tools.files().removeLeftovers(state.update().map(UpdateRecord::image).orElse(null));
        UpdateRun update;
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
            update = new UpdateRun(new UpdateRun.Target(r, cert, location), this, tools);
            if (Integer.valueOf(r.requestId()).equals(lastRequestId)) {
                update.lastSent = lastStatus; // e.g. InstallRebooting: Installed follows without Installing again
                if (lastStatus != null) {
                    sender.listeners.changed(new FirmwareUpdateStatus(lastRequestId, lastStatus.value()));
                }
            }
            current = update;
        }
        LOG.info("Firmware update {} interrupted by a restart in phase {}: resuming", update.id(),
                update.record.phase());
        submit(update, update::resume);
    }

    /** The installer service appeared: an update waiting for it goes on. */
    void installerAvailable() {
        UpdateRun u;
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
        UpdateRun u;
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
        tools.gate().open();
        return interruptible;
    }

    // ---------------------------------------------------------------- UpdateRun.Host

    private void submit(UpdateRun update, Runnable step) {
        try {
            update.future = tools.executor().submit(step);
        } catch (RejectedExecutionException e) {
            LOG.debug("Firmware update {}: not run, bundle stopping", update.id());
        }
    }

    @Override
    public void schedule(UpdateRun update, Runnable step, Duration delay) {
        try {
            update.future = tools.executor().schedule(step, Math.max(0, delay.toMillis()), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            LOG.debug("Firmware update {}: not scheduled, bundle stopping", update.id());
        }
    }

    private synchronized void save(Optional<UpdateRecord> record) throws IOException {
        store.save(new UpdateStore.State(record, lastStatus, lastRequestId));
    }

    /**
     * Sends {@code status} for {@code update} unless it was canceled meanwhile ({@code evenIfCanceled} for the one
     * status that ends a canceled update); the status is stored first, for TriggerMessage after a restart.
     */
    @Override
    public void report(UpdateRun update, FirmwareStatusEnumType status, boolean evenIfCanceled) {
        synchronized (this) {
            if (closed || update.canceled && !evenIfCanceled) {
                return;
            }
            lastStatus = status;
            lastRequestId = update.id();
            update.lastSent = status;
            try {
                store.save(new UpdateStore.State(currentRecord(), lastStatus, lastRequestId));
            } catch (IOException e) {
                LOG.warn("Cannot store firmware status {} in {}: {}", status.value(), store.file(), e.toString());
            }
            LOG.info("Firmware update {}: {}", update.id(), status.value());
            sender.send(FirmwareStatusNotificationRequest.of(status).withRequestId(update.id()));
        }
    }

    @Override
    public synchronized void persist(UpdateRun update) {
        if (update.canceled || closed || current != update) {
            return;
        }
        try {
            save(Optional.of(update.record));
        } catch (IOException e) {
            LOG.warn("Cannot store firmware update {} in {}: {}", update.id(), store.file(), e.toString());
        }
    }

    @Override
    public synchronized void ended(UpdateRun update, FirmwareStatusEnumType status, String detail) {
        if (update.canceled || closed) {
            return;
        }
        if (current == update) {
            current = null;
        }
        lastOutcome = new Outcome(update.id(), status, detail, tools.clock().get());
        try {
            save(currentRecord());
        } catch (IOException e) {
            LOG.warn("Cannot store the end of firmware update {} in {}: {}", update.id(), store.file(),
                    e.toString());
        }
    }

    @Override
    public synchronized boolean closed() {
        return closed;
    }

    private Optional<UpdateRecord> currentRecord() {
        return current == null ? Optional.empty() : Optional.of(current.record);
    }

    private synchronized void remember(int requestId, FirmwareStatusEnumType status, String detail) {
        lastOutcome = new Outcome(requestId, status, detail, tools.clock().get());
    }
}
