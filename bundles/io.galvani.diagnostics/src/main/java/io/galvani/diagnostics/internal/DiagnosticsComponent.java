package io.galvani.diagnostics.internal;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ScheduledThreadPoolExecutor;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.galvani.ocpp.api.InboundCall;
import io.galvani.ocpp.api.MessageTrigger;
import io.galvani.ocpp.api.OcppLink;
import io.galvani.ocpp.api.OcppRequestHandler;
import io.galvani.ocpp.model.messages.GetLogRequest;
import io.galvani.ocpp.model.messages.GetLogResponse;
import io.galvani.ocpp.model.messages.TriggerMessageRequest;
import io.galvani.ocpp.model.messages.TriggerMessageResponse;
import io.galvani.ocpp.model.types.MessageTriggerEnumType;
import io.galvani.ocpp.model.types.TriggerMessageStatusEnumType;

/**
 * GetLog handler and LogStatusNotification trigger. Owns one daemon thread on which archives are assembled
 * and uploaded; deactivation cancels the upload in progress and stops the thread.
 */
@Component(configurationPid = DiagnosticsComponent.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL,
        service = { OcppRequestHandler.class, MessageTrigger.class })
@Designate(ocd = DiagnosticsConfig.class)
public final class DiagnosticsComponent implements OcppRequestHandler<GetLogRequest, GetLogResponse>, MessageTrigger {
    static final String PID = "io.galvani.diagnostics";
    /** Framework properties set by the launcher. */
    static final String DATA_DIR_PROPERTY = "galvani.data.dir";
    static final String STATION_ID_PROPERTY = "galvani.station.id";

    /** Longest wait for the transport to confirm the GetLogResponse before the upload starts anyway. */
    static final Duration LAUNCH_GRACE = Duration.ofSeconds(30);

    private static final Logger LOG = LoggerFactory.getLogger(DiagnosticsComponent.class);

    private final ScheduledThreadPoolExecutor executor;
    private final LogUploads uploads;
    private volatile Settings settings;

    @Activate
    public DiagnosticsComponent(@Reference OcppLink link, DiagnosticsConfig config, BundleContext context) {
        this.settings = Settings.from(config);
        Path dataDir = Path.of(orDefault(context.getProperty(DATA_DIR_PROPERTY), "./galvani-data"));
        Path logDir = config.logDirectory().isBlank() ? dataDir.resolve("logs") : Path.of(config.logDirectory());
        Path workDir = dataDir.resolve("diagnostics");
        removeLeftovers(workDir);
        this.executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "galvani-diagnostics");
            t.setDaemon(true);
            return t;
        });
        executor.setRemoveOnCancelPolicy(true);
        this.uploads = new LogUploads(link, executor, () -> settings, logDir, workDir,
                context.getProperty(STATION_ID_PROPERTY), Clock.systemUTC(), LogUploads.defaultUploaders(),
                LAUNCH_GRACE);
        LOG.debug("Diagnostics active: logs in {}, {}", logDir, settings);
    }

    @Modified
    void modified(DiagnosticsConfig config) {
        settings = Settings.from(config); // used from the next upload attempt on
    }

    @Deactivate
    void deactivate() {
        uploads.close();
        executor.shutdownNow();
    }

    @Override
    public Class<GetLogRequest> requestType() {
        return GetLogRequest.class;
    }

    @Override
    public GetLogResponse handle(GetLogRequest request, InboundCall call) {
        return uploads.request(request, call);
    }

    @Override
    public Set<MessageTriggerEnumType> triggers() {
        return Set.of(MessageTriggerEnumType.LogStatusNotification);
    }

    @Override
    public TriggerMessageResponse trigger(TriggerMessageRequest request, InboundCall call) {
        call.afterResponse(uploads::sendTriggeredStatus);
        return TriggerMessageResponse.of(TriggerMessageStatusEnumType.Accepted);
    }

    private static String orDefault(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value;
    }

    /** Archives a previous run left behind (power loss during an upload). */
    private static void removeLeftovers(Path workDir) {
        if (!Files.isDirectory(workDir)) {
            return;
        }
        try (DirectoryStream<Path> stale = Files.newDirectoryStream(workDir, "getlog-*.zip")) {
            for (Path p : stale) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            LOG.debug("Cannot clean {}: {}", workDir, e.toString());
        }
    }
}
