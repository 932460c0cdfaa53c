package io.galvani.firmware.internal;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.galvani.firmware.api.BundleSet;
import io.galvani.firmware.api.FirmwareInstaller;
import io.galvani.firmware.api.ImageRejectedException;
import io.galvani.firmware.api.InstallPlan;
import io.galvani.firmware.api.InstallProgress;
import io.galvani.firmware.api.InstallResult;
import io.galvani.firmware.internal.FirmwareUpdates.Stage;
import io.galvani.ocpp.model.types.FirmwareStatusEnumType;
import io.galvani.security.api.SecurityEventType;

/**
 * An update's installation by the {@link FirmwareInstaller} service: waited for (up to the configured time) when
 * it is not there, the image checked, then installed with the installer's progress reported (InstallScheduled
 * while waiting for idle EVSEs, Installing, InstallRebooting); after a restart during it, the outcome is read
 * from what the installer runs.
 */
final class ImageInstallation {
    private static final Logger LOG = LoggerFactory.getLogger(ImageInstallation.class);
    /**
     * After a restart, how long the installer may take to finish an installation: its health check (90 s by default)
     * and a rollback restart are well within it; beyond it something is wrong and the CSMS hears InstallationFailed.
     */
    static final Duration SETTLE_WAIT = Duration.ofMinutes(10);

    private final UpdateRun run;
    /** The thread inside {@link FirmwareInstaller#install}, to interrupt on cancel. */
    private volatile Thread installing;
    /** Confined to the update executor. */
    private Future<?> installerTimeout;

    ImageInstallation(UpdateRun run) {
        this.run = run;
    }

    /** Any thread: FirmwareInstaller.install gives up its wait for idle EVSEs. */
    void interrupt() {
        Thread t = installing;
        if (t != null) {
            t.interrupt();
        }
    }

    void install() {
        if (run.canceled) {
            return;
        }
        Optional<FirmwareInstaller> installer = run.tools.services().installer();
        if (installer.isEmpty()) {
            if (run.stage != Stage.WAITING_FOR_INSTALLER) {
                run.stage = Stage.WAITING_FOR_INSTALLER;
                Duration wait = run.tools.settings().get().installerWait();
                LOG.info("Firmware update {}: no FirmwareInstaller service, waiting up to {}", run.id(),
                        whole(wait));
                installerTimeout = run.tools.executor().schedule(this::installerMissing, wait.toMillis(),
                        TimeUnit.MILLISECONDS);
            }
            return;
        }
        if (installerTimeout != null) {
            installerTimeout.cancel(false);
            installerTimeout = null;
        }
        if (run.record.phase() == UpdateRecord.Phase.INSTALLING) {
            outcomeAfterRestart(installer.get());
        } else {
            check(installer.get());
        }
    }

    void installerArrived() {
        if (run.stage == Stage.WAITING_FOR_INSTALLER) {
            install();
        }
    }

    private void installerMissing() {
        if (!run.canceled && run.stage == Stage.WAITING_FOR_INSTALLER) {
            run.fail(FirmwareStatusEnumType.InstallationFailed, "no FirmwareInstaller service within "
                    + whole(run.tools.settings().get().installerWait())
                    + " (is io.galvani.firmware.installer running?)");
        }
    }

    private void check(FirmwareInstaller installer) {
        run.stage = Stage.CHECKING;
        InstallPlan plan;
        try {
            plan = installer.check(run.record.image());
        } catch (ImageRejectedException e) {
            LOG.warn("Firmware update {}: image refused by the installer ({}): {}", run.id(), e.reason(),
                    e.getMessage());
            run.fail(FirmwareStatusEnumType.InstallVerificationFailed, e.reason() + ": " + e.getMessage());
            return;
        } catch (RuntimeException e) {
            LOG.error("Firmware update {}: installer failed checking the image", run.id(), e);
            run.fail(FirmwareStatusEnumType.InstallationFailed, "installer failed checking the image: " + e);
            return;
        }
        if (run.canceled) {
            return;
        }
        LOG.info("Firmware update {}: image {} checked: {} bundle(s) change, power path {}, transport {}", run.id(),
                plan.target().firmwareVersion(), plan.changes().size(), plan.touchesPowerPath(),
                plan.touchesTransport());
        run.record = run.record.with(UpdateRecord.Phase.INSTALLING).withTarget(plan.target());
        run.persist();
        InstallResult result;
        installing = Thread.currentThread();
        try {
            if (run.canceled) {
                return;
            }
            result = installer.install(plan, new Progress());
        } catch (InterruptedException e) {
            if (run.stage == Stage.REBOOTING) {
                LOG.info("Firmware update {}: the station restarts to install it; the outcome follows after", run.id());
            } else {
                LOG.info("Firmware update {}: installation canceled before anything was swapped", run.id());
            }
            return;
        } catch (RuntimeException e) {
            LOG.error("Firmware update {}: installer failed", run.id(), e);
            run.fail(FirmwareStatusEnumType.InstallationFailed, "installer failed: " + e);
            return;
        } finally {
            installing = null;
            Thread.interrupted(); // a cancel that came too late must not hit the next step
            run.tools.gate().open();
        }
        LOG.info("Firmware update {}: {} ({}), swap {} ms, link down {} ms", run.id(), result.status(),
                result.detail(), result.swapMillis(), result.linkDownMillis());
        switch (result.status()) {
        case INSTALLED -> run.installed(result.installed().firmwareVersion(), result.detail());
        case INSTALLATION_FAILED -> run.fail(FirmwareStatusEnumType.InstallationFailed, result.detail());
        case VERIFICATION_FAILED -> run.fail(FirmwareStatusEnumType.InstallVerificationFailed, result.detail());
        }
    }

    /**
     * A restart interrupted install(), or install() restarted the station (InstallRebooting): the installer finishes
     * or undoes it at its start (a health check, perhaps a rollback through another restart); wait for that, then say
     * which (L01.FR.32: the new firmware sends Installed).
     */
    private void outcomeAfterRestart(FirmwareInstaller installer) {
        run.stage = Stage.CHECKING;
        UpdateRecord record = run.record;
        Optional<BundleSet> running;
        try {
            running = installer.settled(SETTLE_WAIT);
        } catch (InterruptedException e) {
            LOG.info("Firmware update {}: stopped while the installer finishes; the next start reports it", run.id());
            return;
        } catch (RuntimeException e) {
            LOG.error("Firmware update {}: installer failed", run.id(), e);
            run.fail(FirmwareStatusEnumType.InstallationFailed, "installer failed after the restart: " + e);
            return;
        }
        if (running.isEmpty()) {
            run.fail(FirmwareStatusEnumType.InstallationFailed, "the installer did not finish within "
                    + whole(SETTLE_WAIT) + " after the restart");
        } else if (UpdateRecord.sameSet(running.get(), record.target())) {
            run.installed(record.target().firmwareVersion(), "installation completed across a restart");
        } else {
            run.fail(FirmwareStatusEnumType.InstallationFailed, "installation not completed across the restart; the "
                    + "station runs " + running.get().firmwareVersion() + ", not " + record.target().firmwareVersion());
        }
    }

    private static String whole(Duration d) {
        return d.toSeconds() + " s";
    }

    /** The installer's steps, on the installing thread. */
    private final class Progress implements InstallProgress {
        @Override
        public void waitingForIdleEvses() {
            run.stage = Stage.WAITING_FOR_IDLE_EVSES;
            if (run.lastSent != FirmwareStatusEnumType.InstallScheduled) {
                run.report(FirmwareStatusEnumType.InstallScheduled); // L01.FR.34
            }
            if (!run.tools.settings().get().allowNewSessions()) {
                run.tools.gate().close(); // L01.FR.07
            }
        }

        @Override
        public void installing() {
            run.stage = Stage.SWAPPING;
            run.report(FirmwareStatusEnumType.Installing);
        }

        @Override
        public void rebooting() {
            run.stage = Stage.REBOOTING;
            run.report(FirmwareStatusEnumType.InstallRebooting); // L01.FR.15
            // As Reset does: in the security log (forced to disk) before the framework stops.
            run.tools.services().securityEvent(SecurityEventType.RESET_OR_REBOOT,
                    "reason=FirmwareUpdate (UpdateFirmware " + run.id() + ")");
        }
    }
}
