package io.galvani.telemetry.internal;

import java.nio.file.Path;
import java.time.Clock;

import javax.net.ssl.SSLSocketFactory;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.BundleListener;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.galvani.firmware.api.BundleSet;
import io.galvani.firmware.api.FirmwareInstaller;
import io.galvani.firmware.api.FirmwareStatusListener;
import io.galvani.firmware.api.FirmwareUpdateStatus;
import io.galvani.ocpp.api.LinkStatistics;
import io.galvani.ocpp.api.LinkStatus;
import io.galvani.ocpp.api.OcppLink;
import io.galvani.outbox.api.Outbox;
import io.galvani.outbox.api.OutboxStatus;
import io.galvani.security.api.SecurityEvent;
import io.galvani.security.api.SecurityEventListener;
import io.galvani.station.api.ConnectorStatusListener;
import io.galvani.station.api.ConnectorView;
import io.galvani.transactions.api.SessionListener;
import io.galvani.transactions.api.SessionView;

/**
 * MQTT telemetry, active when its configuration names a broker. Listens to the station (connectors, sessions,
 * security events, firmware update status, bundles) and reads the OCPP link, the outbox and the installed firmware, all optional: it comes
 * and goes without touching another bundle, and no core bundle knows it.
 *
 * <p>No DS cycle: the services it references (OcppLink, Outbox, FirmwareInstaller) do not listen to the
 * whiteboards it registers on, and the services it listens to (Station, Sessions, SecurityEvents, the firmware
 * bundle's update status) are not
 * referenced. Callbacks only queue ({@link TelemetryPipeline}). A bad configuration leaves it idle with one WARN
 * line; a configuration change restarts it (no {@code @Modified}: the buffer keeps what was not sent).
 */
@Component(configurationPid = TelemetryComponent.PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = { ConnectorStatusListener.class, SessionListener.class, SecurityEventListener.class,
                FirmwareStatusListener.class })
@Designate(ocd = TelemetryConfig.class)
public final class TelemetryComponent
        implements ConnectorStatusListener, SessionListener, SecurityEventListener, FirmwareStatusListener,
        BundleListener, Probes {
    static final String PID = "io.galvani.telemetry";
    static final String DATA_DIR_PROPERTY = "galvani.data.dir";
    private static final Logger logger = LoggerFactory.getLogger(TelemetryComponent.class);

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile OcppLink link;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile Outbox outbox;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile FirmwareInstaller firmwareInstaller;

    private final BundleContext context;
    private volatile TelemetryPipeline pipeline;
    private TelemetryBuffer buffer;

    @Activate
    public TelemetryComponent(BundleContext context, TelemetryConfig config) {
        this.context = context;
        if (!Settings.enabled(config)) {
            logger.info("Telemetry off: no broker configured (STATION_MQTT_URL)");
            return;
        }
        Settings settings;
        SSLSocketFactory tls = null;
        try {
            settings = Settings.parse(config);
            if (settings.tls()) {
                tls = TlsContext.socketFactory(settings);
            }
        } catch (IllegalArgumentException e) {
            logger.warn("Telemetry off, configuration {} invalid: {}", PID, e.getMessage());
            return;
        }
        try {
            buffer = TelemetryBuffer.open(bufferFile(config), settings.bufferCapacity());
        } catch (Exception e) {
            logger.warn("Telemetry off: its buffer cannot be opened: {}", e.toString());
            return;
        }
        TelemetryPipeline p = new TelemetryPipeline(settings, tls, buffer, this, Clock.systemUTC());
        p.start();
        pipeline = p;
        context.addBundleListener(this);
        logger.info("Telemetry on: {}, {} message(s) buffered from before", settings, buffer.size());
    }

    private Path bufferFile(TelemetryConfig config) {
        String dir = config.bufferDirectory();
        if (dir == null || dir.isBlank()) {
            String dataDir = context.getProperty(DATA_DIR_PROPERTY);
            dir = Path.of(dataDir == null || dataDir.isBlank() ? "./galvani-data" : dataDir).resolve("telemetry")
                    .toString();
        }
        return Path.of(dir).resolve("buffer.db");
    }

    @Deactivate
    void deactivate() {
        TelemetryPipeline p = pipeline;
        pipeline = null;
        if (p != null) {
            context.removeBundleListener(this);
            p.stop();
        }
        if (buffer != null) {
            buffer.close();
        }
    }

    // ------------------------------------------------------------------ listeners: queue and return

    @Override
    public void connectorStatusChanged(ConnectorView connector) {
        TelemetryPipeline p = pipeline;
        if (p != null) {
            p.connectorChanged(connector);
        }
    }

    @Override
    public void sessionChanged(SessionView session) {
        TelemetryPipeline p = pipeline;
        if (p != null) {
            p.sessionChanged(session);
        }
    }

    @Override
    public void reported(SecurityEvent event) {
        TelemetryPipeline p = pipeline;
        if (p != null) {
            p.securityEvent(event);
        }
    }

    @Override
    public void firmwareStatusChanged(FirmwareUpdateStatus status) {
        TelemetryPipeline p = pipeline;
        if (p != null) {
            p.firmwareStatus(status);
        }
    }

    @Override
    public void bundleChanged(BundleEvent event) {
        TelemetryPipeline p = pipeline;
        String type = switch (event.getType()) {
            case BundleEvent.INSTALLED -> "INSTALLED";
            case BundleEvent.STARTED -> "STARTED";
            case BundleEvent.STOPPED -> "STOPPED";
            case BundleEvent.UPDATED -> "UPDATED";
            case BundleEvent.UNINSTALLED -> "UNINSTALLED";
            default -> null;
        };
        if (p != null && type != null) {
            Bundle b = event.getBundle();
            p.bundleChanged(type, b.getSymbolicName(), b.getVersion().toString());
        }
    }

    // ------------------------------------------------------------------ probes (telemetry thread)

    @Override
    public LinkStatus linkStatus() {
        OcppLink l = link;
        return l == null ? null : l.status();
    }

    @Override
    public LinkStatistics linkStatistics() {
        OcppLink l = link;
        return l == null ? null : l.statistics();
    }

    @Override
    public OutboxStatus outbox() {
        Outbox o = outbox;
        return o == null ? null : o.status();
    }

    @Override
    public BundleSet firmware() {
        FirmwareInstaller f = firmwareInstaller;
        return f == null ? null : f.installed();
    }
}
