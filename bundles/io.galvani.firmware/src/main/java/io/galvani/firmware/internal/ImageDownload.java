package io.galvani.firmware.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.galvani.firmware.internal.FirmwareUpdates.Stage;
import io.galvani.ocpp.model.types.FirmwareStatusEnumType;

/**
 * An update's download: into a partial file readable by the owner only, renamed to the image once complete;
 * a failed attempt is tried again after the update's retry interval while attempts are left (the count is stored,
 * so a restart does not grant new ones), then DownloadFailed (L01.FR.30).
 */
final class ImageDownload {
    private static final Logger LOG = LoggerFactory.getLogger(ImageDownload.class);

    private final UpdateRun run;
    /** Breaks off the transfer in progress; set by the downloader while it runs. */
    private volatile Runnable abort = () -> { };

    ImageDownload(UpdateRun run) {
        this.run = run;
    }

    /** Any thread: breaks off the transfer in progress, if any. */
    void abort() {
        try {
            abort.run();
        } catch (RuntimeException e) {
            LOG.debug("Firmware update {}: abort failed: {}", run.id(), e.toString());
        }
    }

    void attempt() {
        if (run.canceled) {
            return;
        }
        if (run.stage != Stage.DOWNLOADING && run.stage != Stage.RETRY_WAIT) {
            run.report(FirmwareStatusEnumType.Downloading);
        }
        run.stage = Stage.DOWNLOADING;
        UpdateFiles files = run.tools.files();
        Path part = files.part(run.id());
        Path image = files.image(run.id());
        try {
            files.createPart(part);
            run.tools.downloaders().get(run.location.scheme()).download(run.location, part,
                    run.tools.settings().get(), a -> abort = a);
            abort = () -> { };
            Files.move(part, image, StandardCopyOption.REPLACE_EXISTING);
        } catch (InterruptedException e) {
            UpdateFiles.deleteQuietly(part);
            return;
        } catch (DownloadException | IOException e) {
            abort = () -> { };
            UpdateFiles.deleteQuietly(part);
            if (run.canceled) {
                return;
            }
            String why = e instanceof DownloadException ? e.getMessage() : "cannot write " + part + ": " + e;
            retryOrFail(why);
            return;
        }
        if (run.canceled) {
            UpdateFiles.deleteQuietly(image);
            return;
        }
        LOG.info("Firmware update {}: {} bytes downloaded from {}", run.id(), UpdateFiles.sizeOf(image),
                run.location);
        run.record = run.record.with(UpdateRecord.Phase.DOWNLOADED).withImage(image);
        run.persist();
        run.report(FirmwareStatusEnumType.Downloaded);
        run.verify();
    }

    private void retryOrFail(String why) {
        UpdateRecord record = run.record.withAttemptsLeft(run.record.attemptsLeft() - 1);
        run.record = record;
        if (record.attemptsLeft() > 0) {
            LOG.warn("Firmware update {}: download from {} failed: {}, {} attempt(s) left, next in {} s", run.id(),
                    run.location, why, record.attemptsLeft(), record.retryIntervalSeconds());
            run.persist();
            run.stage = Stage.RETRY_WAIT;
            run.host.schedule(run, this::attempt, Duration.ofSeconds(record.retryIntervalSeconds()));
        } else {
            LOG.info("Firmware update {}: download from {} failed, no attempt left", run.id(), run.location);
            run.fail(FirmwareStatusEnumType.DownloadFailed, why); // L01.FR.30
        }
    }
}
