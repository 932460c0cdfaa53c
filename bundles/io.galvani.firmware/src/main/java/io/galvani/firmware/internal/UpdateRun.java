package io.galvani.firmware.internal;

import java.nio.file.Files;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.galvani.filetransfer.TransferLocation;
import io.galvani.firmware.internal.FirmwareUpdates.Stage;
import io.galvani.ocpp.model.types.FirmwareStatusEnumType;
import io.galvani.security.api.SecurityEventType;

/**
 * One UpdateFirmware from acceptance to its last status: scheduled download ({@link ImageDownload}), signature
 * verification, installation ({@link ImageInstallation}), and cancellation. Its steps run on the update executor,
 * one at a time; {@link #cancel} may come from any thread. What is shared between updates (the last status, the
 * store, which update is current) belongs to the {@link Host}.
 */
final class UpdateRun {
    private static final Logger LOG = LoggerFactory.getLogger(UpdateRun.class);

    /** What to fetch and whom to trust: the validated request. */
    record Target(UpdateRecord record, X509Certificate certificate, TransferLocation location) {
    }

    /** What an update reports to and keeps in the {@link FirmwareUpdates} it belongs to. */
    interface Host {
        /** Sends {@code status} unless the run was canceled ({@code evenIfCanceled} for its final status). */
        void report(UpdateRun run, FirmwareStatusEnumType status, boolean evenIfCanceled);

        /** Stores the run's record, if it is still the current update. */
        void persist(UpdateRun run);

        /** The run is over: no longer current, the outcome remembered and stored. */
        void ended(UpdateRun run, FirmwareStatusEnumType status, String detail);

        /** The bundle stopped: nothing is reported or stored any more. */
        boolean closed();

        void schedule(UpdateRun run, Runnable step, Duration delay);
    }

    /** The parts an update works with. */
    record Tools(FirmwareUpdates.Services services, EvseGate gate, UpdateFiles files,
            ScheduledExecutorService executor, Supplier<Instant> clock, Supplier<Settings> settings,
            Map<String, Downloader> downloaders) {
    }

    final Host host;
    final Tools tools;
    final X509Certificate certificate;
    final TransferLocation location;
    private final ImageDownload download;
    private final ImageInstallation installation;
    volatile UpdateRecord record;
    volatile Stage stage = Stage.DOWNLOAD_SCHEDULED;
    volatile boolean canceled;
    volatile Future<?> future;
    volatile FirmwareStatusEnumType lastSent;

    UpdateRun(Target target, Host host, Tools tools) {
        this.record = target.record();
        this.certificate = target.certificate();
        this.location = target.location();
        this.host = host;
        this.tools = tools;
        this.download = new ImageDownload(this);
        this.installation = new ImageInstallation(this);
    }

    int id() {
        return record.requestId();
    }

    /** What a canceled update ends with (L01.FR.24 note). */
    FirmwareStatusEnumType canceledAs() {
        return stage.downloading() ? FirmwareStatusEnumType.DownloadFailed : FirmwareStatusEnumType.InstallationFailed;
    }

    /** Any thread: breaks off the download or the wait for idle EVSEs; later steps see {@link #canceled}. */
    void cancel() {
        canceled = true;
        download.abort();
        Future<?> f = future;
        if (f != null) {
            f.cancel(true);
        }
        installation.interrupt();
        try {
            tools.executor().execute(this::deleteFiles);
        } catch (RejectedExecutionException e) {
            deleteFiles();
        }
    }

    void start() {
        if (canceled) {
            return;
        }
        Instant now = tools.clock().get();
        if (record.retrieveAt().isAfter(now)) {
            stage = Stage.DOWNLOAD_SCHEDULED;
            report(FirmwareStatusEnumType.DownloadScheduled); // L01.FR.13
            host.schedule(this, download::attempt, Duration.between(now, record.retrieveAt()));
        } else {
            download.attempt();
        }
    }

    /** Goes on from the phase a restart interrupted. */
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
        case INSTALLING -> installation.install();
        }
    }

    void installerArrived() {
        installation.installerArrived();
    }

    /** L01.FR.03: a signature that does not verify ends the update before anything is installed. */
    void verify() {
        if (canceled) {
            return;
        }
        stage = Stage.VERIFYING;
        try {
            ImageSignature.verify(record.image(), record.signature(), certificate.getPublicKey());
        } catch (ImageSignature.Invalid e) {
            LOG.warn("Firmware update {}: {}: InvalidSignature, nothing installed", id(), e.getMessage());
            report(FirmwareStatusEnumType.InvalidSignature);
            tools.services().securityEvent(SecurityEventType.INVALID_FIRMWARE_SIGNATURE,
                    "UpdateFirmware " + id() + ": " + e.getMessage()); // L01.FR.03
            end(FirmwareStatusEnumType.InvalidSignature, e.getMessage());
            return;
        } catch (java.io.IOException e) {
            fail(FirmwareStatusEnumType.DownloadFailed, "downloaded image unreadable: " + e);
            return;
        }
        report(FirmwareStatusEnumType.SignatureVerified);
        Instant now = tools.clock().get();
        if (record.installAt() != null && record.installAt().isAfter(now)) {
            stage = Stage.INSTALL_SCHEDULED;
            report(FirmwareStatusEnumType.InstallScheduled); // L01.FR.16
            host.schedule(this, installation::install, Duration.between(now, record.installAt()));
        } else {
            installation.install();
        }
    }

    void installed(String version, String detail) {
        if (host.closed()) {
            return; // the next start reports it, with the security event
        }
        if (lastSent != FirmwareStatusEnumType.Installing && lastSent != FirmwareStatusEnumType.InstallRebooting) {
            report(FirmwareStatusEnumType.Installing);
        }
        report(FirmwareStatusEnumType.Installed); // L01.FR.28
        tools.services().securityEvent(SecurityEventType.FIRMWARE_UPDATED,
                "firmware " + version + " installed (UpdateFirmware " + id() + ")"); // L01.FR.31
        end(FirmwareStatusEnumType.Installed, "firmware " + version + (detail == null ? "" : ": " + detail));
    }

    void fail(FirmwareStatusEnumType status, String why) {
        LOG.warn("Firmware update {}: {}: {}", id(), status.value(), why);
        report(status);
        end(status, why);
    }

    /** The update is over: files removed, the store keeps only the last status. */
    void end(FirmwareStatusEnumType status, String detail) {
        stage = Stage.DONE;
        deleteFiles();
        host.ended(this, status, detail);
    }

    void report(FirmwareStatusEnumType status) {
        host.report(this, status, false);
    }

    void persist() {
        host.persist(this);
    }

    private void deleteFiles() {
        tools.files().delete(id());
    }
}
