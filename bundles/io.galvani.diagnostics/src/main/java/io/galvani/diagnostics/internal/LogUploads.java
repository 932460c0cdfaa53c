package io.galvani.diagnostics.internal;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.galvani.filetransfer.TransferLocation;
import io.galvani.filetransfer.Redaction;
import io.galvani.ocpp.api.InboundCall;
import io.galvani.ocpp.api.OcppLink;
import io.galvani.ocpp.model.messages.GetLogRequest;
import io.galvani.ocpp.model.messages.GetLogResponse;
import io.galvani.ocpp.model.messages.LogStatusNotificationRequest;
import io.galvani.ocpp.model.types.LogEnumType;
import io.galvani.ocpp.model.types.LogStatusEnumType;
import io.galvani.ocpp.model.types.StatusInfoType;
import io.galvani.ocpp.model.types.UploadLogStatusEnumType;

/**
 * The GetLog use case (N01): answers GetLog, assembles the archive and uploads it with retries, reports
 * every step with LogStatusNotification, and answers TriggerMessage(LogStatusNotification) (F06.FR.14/15).
 *
 * <p>At most one upload runs; a new GetLog cancels it (N01.FR.12/20). All work runs on one
 * single-threaded executor, never on the transport's thread; waits between attempts are scheduled, not
 * slept. Every LogStatusNotification of an upload goes through {@link #notify}, which drops it once that
 * upload was canceled, so a canceled upload says nothing after its AcceptedCanceled.
 */
final class LogUploads {
    private static final Logger LOG = LoggerFactory.getLogger(LogUploads.class);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private final OcppLink link;
    private final ScheduledExecutorService executor;
    private final Supplier<Settings> settings;
    private final Path logDir;
    private final Path workDir;
    private final String stationId;
    private final Clock clock;
    private final Map<String, Uploader> uploaders;
    private final Duration launchGrace;

    private Upload current; // guarded by this

    LogUploads(OcppLink link, ScheduledExecutorService executor, Supplier<Settings> settings, Path logDir,
            Path workDir, String stationId, Clock clock, Map<String, Uploader> uploaders, Duration launchGrace) {
        this.link = link;
        this.executor = executor;
        this.settings = settings;
        this.logDir = logDir;
        this.workDir = workDir;
        this.stationId = fileSafe(stationId == null || stationId.isBlank() ? "galvani" : stationId);
        this.clock = clock;
        this.uploaders = Map.copyOf(uploaders);
        this.launchGrace = launchGrace;
    }

    static Map<String, Uploader> defaultUploaders() {
        Uploader http = new HttpUploader();
        Uploader ftp = new FtpUploader();
        return Map.of("http", http, "https", http, "ftp", ftp, "ftps", ftp);
    }

    /** Answers a GetLog; called on the transport's thread, does no more than list the log directory. */
    GetLogResponse request(GetLogRequest request, InboundCall call) {
        LogEnumType type = request.logType();
        Instant oldest = request.log().oldestTimestamp();
        Instant latest = request.log().latestTimestamp();
        List<LogArchiver.LogFile> files;
        try {
            files = LogArchiver.select(logDir, type, oldest, latest);
        } catch (IOException e) {
            LOG.warn("GetLog {}: cannot list log directory {}: {}", request.requestId(), logDir, e.toString());
            files = List.of();
        }
        if (files.isEmpty()) {
            LOG.info("GetLog {} {}: no log information{} in {}, rejected", request.requestId(), type,
                    oldest != null || latest != null ? " in the requested period" : "", logDir);
            return GetLogResponse.of(LogStatusEnumType.Rejected).withStatusInfo(StatusInfoType.of("NotFound")
                    .withAdditionalInfo("No " + type.value() + " information available"));
        }
        Settings s = settings.get();
        int retries = Math.min(s.maxRetries(),
                Math.max(0, request.retries() != null ? request.retries() : s.defaultRetries()));
        int interval = Math.max(0,
                request.retryInterval() != null ? request.retryInterval() : s.defaultRetryIntervalSeconds());
        String filename = stationId + "-" + type.value() + "-" + STAMP.format(clock.instant()) + ".zip";
        Upload upload = new Upload(request.requestId(), type, request.log().remoteLocation(), files, oldest, latest,
                retries, interval, filename);
        Upload canceled;
        synchronized (this) {
            canceled = current;
            if (canceled != null) {
                canceled.cancel();
            }
            current = upload;
        }
        LOG.info("GetLog {} {}: {} file(s) to {} as {}, {} retries every {} s{}", upload.requestId, type, files.size(),
                Redaction.location(upload.location), filename, retries, interval,
                canceled != null ? ", canceling upload " + canceled.requestId : "");
        Runnable launch = () -> {
            if (!upload.launched.compareAndSet(false, true)) {
                return;
            }
            Future<?> fallback = upload.future;
            if (fallback != null) {
                fallback.cancel(false);
            }
            if (canceled != null) {
                // N01.FR.20: the canceled upload ends with AcceptedCanceled, before the new one starts.
                send(UploadLogStatusEnumType.AcceptedCanceled, canceled.requestId);
            }
            submit(upload, upload::start);
        };
        // Normally started once the response is written; should the transport never confirm that (connection
        // lost while answering), after a grace period anyway, so that the station does not stay busy forever.
        try {
            upload.future = executor.schedule(launch, launchGrace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            LOG.debug("GetLog {}: no fallback start, diagnostics stopping", upload.requestId);
        }
        call.afterResponse(launch);
        GetLogResponse response = GetLogResponse.of(canceled != null ? LogStatusEnumType.AcceptedCanceled
                : LogStatusEnumType.Accepted);
        return response.withFilename(filename);
    }

    /** The requestId of the upload in progress (assembling, uploading or waiting to retry), if any. */
    synchronized Optional<Integer> busyWith() {
        return current == null ? Optional.empty() : Optional.of(current.requestId);
    }

    /** TriggerMessage(LogStatusNotification): Uploading with the requestId while busy, else Idle without. */
    void sendTriggeredStatus() {
        Optional<Integer> busy = busyWith();
        send(busy.isPresent() ? UploadLogStatusEnumType.Uploading : UploadLogStatusEnumType.Idle, busy.orElse(null),
                true);
    }

    /** Cancels the upload in progress without notifying (the bundle stops). */
    void close() {
        Upload u;
        synchronized (this) {
            u = current;
            current = null;
        }
        if (u != null) {
            u.cancel();
            u.deleteArchive();
        }
    }

    private void submit(Upload upload, Runnable step) {
        try {
            upload.future = executor.submit(step);
        } catch (RejectedExecutionException e) {
            LOG.debug("GetLog {}: not run, diagnostics stopping", upload.requestId);
        }
    }

    private void send(UploadLogStatusEnumType status, Integer requestId) {
        send(status, requestId, false);
    }

    private void send(UploadLogStatusEnumType status, Integer requestId, boolean triggered) {
        LogStatusNotificationRequest notification = LogStatusNotificationRequest.of(status).withRequestId(requestId);
        (triggered ? link.callTriggered(notification) : link.call(notification)).whenComplete((r, e) -> {
            if (e != null) {
                LOG.warn("LogStatusNotification {} for GetLog {} not delivered: {}", status, requestId, e.toString());
            }
        });
    }

    /** One GetLog upload; its methods run on the executor unless said otherwise. */
    private final class Upload {
        final int requestId;
        final LogEnumType type;
        final String location;
        final List<LogArchiver.LogFile> files;
        final Instant oldest;
        final Instant latest;
        final int retries;
        final int interval;
        final String filename;
        volatile boolean canceled;
        final AtomicBoolean launched = new AtomicBoolean();
        volatile Future<?> future;
        volatile Runnable abort = () -> { };
        volatile Path archive;
        TransferLocation target;
        int attempt;

        Upload(int requestId, LogEnumType type, String location, List<LogArchiver.LogFile> files, Instant oldest,
                Instant latest, int retries, int interval, String filename) {
            this.requestId = requestId;
            this.type = type;
            this.location = location;
            this.files = files;
            this.oldest = oldest;
            this.latest = latest;
            this.retries = retries;
            this.interval = interval;
            this.filename = filename;
        }

        /** Any thread: stops at the next check, breaks off a blocking transfer. */
        void cancel() {
            canceled = true;
            try {
                abort.run();
            } catch (RuntimeException e) {
                LOG.debug("GetLog {}: abort failed: {}", requestId, e.toString());
            }
            Future<?> f = future;
            if (f != null) {
                f.cancel(true); // interrupts a running step, drops a scheduled retry
            }
            // Runs after the step in progress has unwound (single thread), whatever it was.
            submit(this, this::deleteArchive);
        }

        void start() {
            if (canceled) {
                return;
            }
            try {
                target = TransferLocation.parse(location);
            } catch (TransferLocation.InvalidLocation e) {
                LOG.warn("GetLog {}: remote location {} unusable ({}): BadMessage", requestId,
                        Redaction.location(location), e.getMessage());
                finish(UploadLogStatusEnumType.BadMessage);
                return;
            }
            notify(UploadLogStatusEnumType.Uploading);
            try {
                Files.createDirectories(workDir);
                archive = Files.createTempFile(workDir, "getlog-" + requestId + "-", ".zip");
                String info = "station: " + stationId + "\nlogType: " + type.value() + "\nrequestId: " + requestId
                        + "\noldestTimestamp: " + (oldest == null ? "-" : oldest) + "\nlatestTimestamp: "
                        + (latest == null ? "-" : latest) + "\ncreated: " + clock.instant() + "\n";
                LogArchiver.write(files, archive, oldest, latest, info, () -> canceled);
            } catch (InterruptedIOException e) {
                deleteArchive();
                return; // canceled
            } catch (IOException e) {
                LOG.warn("GetLog {}: cannot assemble the log archive in {}: {}", requestId, workDir, e.toString());
                finish(UploadLogStatusEnumType.UploadFailure);
                return;
            }
            attempt();
        }

        void attempt() {
            if (canceled) {
                deleteArchive();
                return;
            }
            attempt++;
            Uploader uploader = uploaders.get(target.scheme());
            try {
                uploader.upload(target, archive, filename, settings.get(), a -> abort = a);
                abort = () -> { };
                LOG.info("GetLog {}: {} uploaded to {} (attempt {})", requestId, filename, target, attempt);
                finish(UploadLogStatusEnumType.Uploaded);
            } catch (InterruptedException e) {
                deleteArchive();
            } catch (UploadException e) {
                abort = () -> { };
                if (canceled) {
                    deleteArchive();
                    return;
                }
                boolean retry = attempt <= retries;
                LOG.warn("GetLog {}: upload to {} failed (attempt {} of {}): {}{}", requestId, target, attempt,
                        retries + 1, e.getMessage(), retry ? ", retry in " + interval + " s" : "");
                if (retry) {
                    try {
                        future = executor.schedule(this::attempt, interval, TimeUnit.SECONDS);
                    } catch (RejectedExecutionException stopping) {
                        deleteArchive();
                    }
                } else {
                    finish(e.status());
                }
            } catch (RuntimeException e) {
                abort = () -> { };
                // A bug: keep the stack trace, but not a message that might quote the location's secrets.
                RuntimeException scrubbed = new RuntimeException(
                        e.getClass().getName() + ": " + Redaction.text(e.getMessage(), target.secrets()));
                scrubbed.setStackTrace(e.getStackTrace());
                LOG.error("GetLog {}: upload to {} failed", requestId, target, scrubbed);
                finish(UploadLogStatusEnumType.UploadFailure);
            }
        }

        /** Sends the final status unless canceled, and lets the next GetLog find the station idle. */
        void finish(UploadLogStatusEnumType status) {
            deleteArchive();
            synchronized (LogUploads.this) {
                if (canceled) {
                    return;
                }
                if (current == this) {
                    current = null;
                }
                send(status, requestId);
            }
        }

        void notify(UploadLogStatusEnumType status) {
            synchronized (LogUploads.this) {
                if (!canceled) {
                    send(status, requestId);
                }
            }
        }

        void deleteArchive() {
            Path a = archive;
            if (a != null) {
                try {
                    Files.deleteIfExists(a);
                } catch (IOException e) {
                    LOG.debug("GetLog {}: cannot delete {}: {}", requestId, a, e.toString());
                }
            }
        }
    }

    private static String fileSafe(String s) {
        String safe = s.replaceAll("[^A-Za-z0-9._-]", "_");
        return safe.length() > 100 ? safe.substring(0, 100) : safe;
    }
}
