package io.galvani.console.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

import org.eclipse.jetty.server.Handler;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.galvani.devicemodel.api.DeviceModel;
import io.galvani.firmware.api.BundleSet;
import io.galvani.firmware.api.FirmwareInstaller;
import io.galvani.hal.api.HalProperties;
import io.galvani.hal.sim.api.EvSimulator;
import io.galvani.hal.sim.api.TokenSimulator;
import io.galvani.localapi.api.WebContent;
import io.galvani.ocpp.api.OcppLink;
import io.galvani.outbox.api.Outbox;
import io.galvani.outbox.api.OutboxStatus;
import io.galvani.provisioning.api.Registration;
import io.galvani.security.api.SecurityEvents;
import io.galvani.station.api.Station;
import io.galvani.transactions.api.Sessions;

/**
 * The web console: registers its Jetty handler for {@code /console} with the station's HTTP server (the local
 * API's {@link WebContent} whiteboard) and gives it the station's services. Every service is an optional, dynamic
 * reference: the console comes and goes without restarting any other bundle, and a panel whose bundle does not run
 * says so instead of failing.
 */
@Component(service = {}, immediate = true, configurationPid = ConsoleFeed.PID)
public final class WebConsole implements ConsoleServices {
    static final String PATH = "/console";
    private static final Logger logger = LoggerFactory.getLogger(WebConsole.class);

    private final BundleContext context;
    private final ServiceRegistration<Handler> registration;

    private final AtomicReference<Station> station = new AtomicReference<>();
    private final AtomicReference<Sessions> sessions = new AtomicReference<>();
    private final AtomicReference<OcppLink> link = new AtomicReference<>();
    private final AtomicReference<Registration> registrationService = new AtomicReference<>();
    private final AtomicReference<Outbox> outbox = new AtomicReference<>();
    private final AtomicReference<DeviceModel> deviceModel = new AtomicReference<>();
    private final AtomicReference<SecurityEvents> securityEvents = new AtomicReference<>();
    private final AtomicReference<FirmwareInstaller> firmwareInstaller = new AtomicReference<>();
    private final Map<EvSimulator, Boolean> evSimulators = new ConcurrentHashMap<>();
    private final Map<TokenSimulator, Integer> tokenSimulators = new ConcurrentHashMap<>();

    @Activate
    public WebConsole(BundleContext context, @Reference ConsoleFeed feed, ConsoleConfig config) {
        this.context = context;
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(WebContent.PATH, PATH);
        this.registration = context.registerService(Handler.class,
                new ConsoleHandler(this, feed, config.securityEventsShown()), props);
        logger.info("Web console registered at {}", PATH);
    }

    @Deactivate
    void deactivate() {
        try {
            registration.unregister();
        } catch (IllegalStateException e) {
            // the bundle is stopping: already gone
        }
    }

    // ------------------------------------------------------------------ ConsoleServices

    @Override
    public String stationId() {
        String id = context.getProperty("galvani.station.id");
        return id == null ? "" : id;
    }

    @Override
    public Optional<Station> station() {
        return Optional.ofNullable(station.get());
    }

    @Override
    public Optional<Sessions> sessions() {
        return Optional.ofNullable(sessions.get());
    }

    @Override
    public Optional<OcppLink> link() {
        return Optional.ofNullable(link.get());
    }

    @Override
    public Optional<Registration> registration() {
        return Optional.ofNullable(registrationService.get());
    }

    @Override
    public Optional<OutboxStatus> outbox() {
        return Optional.ofNullable(outbox.get()).map(Outbox::status);
    }

    @Override
    public Optional<DeviceModel> deviceModel() {
        return Optional.ofNullable(deviceModel.get());
    }

    @Override
    public Optional<SecurityEvents> securityEvents() {
        return Optional.ofNullable(securityEvents.get());
    }

    @Override
    public Optional<String> firmwareVersion() {
        FirmwareInstaller installer = firmwareInstaller.get();
        if (installer == null) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(installer.installed()).map(BundleSet::firmwareVersion);
        } catch (RuntimeException e) {
            logger.warn("FirmwareInstaller.installed() failed: {}", e.toString());
            return Optional.empty();
        }
    }

    @Override
    public List<BundleRow> bundles() {
        List<BundleRow> rows = new ArrayList<>();
        for (Bundle b : context.getBundles()) {
            BundleStartLevel level = b.adapt(BundleStartLevel.class);
            BundleRevision revision = b.adapt(BundleRevision.class);
            rows.add(new BundleRow(b.getBundleId(), b.getSymbolicName(), b.getVersion().toString(),
                    stateName(b.getState()), b.getBundleId() == 0 || level == null ? 0 : level.getStartLevel(),
                    revision != null && (revision.getTypes() & BundleRevision.TYPE_FRAGMENT) != 0));
        }
        rows.sort(Comparator.comparingLong(BundleRow::id));
        return rows;
    }

    static String stateName(int state) {
        return switch (state) {
            case Bundle.INSTALLED -> "INSTALLED";
            case Bundle.RESOLVED -> "RESOLVED";
            case Bundle.STARTING -> "STARTING";
            case Bundle.STOPPING -> "STOPPING";
            case Bundle.ACTIVE -> "ACTIVE";
            case Bundle.UNINSTALLED -> "UNINSTALLED";
            default -> "UNKNOWN(" + state + ")";
        };
    }

    @Override
    public List<EvSimulator> evSimulators() {
        return List.copyOf(evSimulators.keySet());
    }

    /** The reader of that EVSE, else a station-wide reader (EVSE 0). */
    @Override
    public Optional<TokenSimulator> tokenSimulator(int evseId) {
        return tokenSimulators.entrySet().stream()
                .filter(e -> e.getValue() == evseId || e.getValue() == 0)
                .min(Comparator.comparingInt(e -> e.getValue() == evseId ? 0 : 1))
                .map(Map.Entry::getKey);
    }

    // ------------------------------------------------------------------ references (all optional and dynamic)

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindStation(Station s) {
        station.set(s);
    }

    void unbindStation(Station s) {
        station.compareAndSet(s, null);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindSessions(Sessions s) {
        sessions.set(s);
    }

    void unbindSessions(Sessions s) {
        sessions.compareAndSet(s, null);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindLink(OcppLink l) {
        link.set(l);
    }

    void unbindLink(OcppLink l) {
        link.compareAndSet(l, null);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindRegistration(Registration r) {
        registrationService.set(r);
    }

    void unbindRegistration(Registration r) {
        registrationService.compareAndSet(r, null);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindOutbox(Outbox o) {
        outbox.set(o);
    }

    void unbindOutbox(Outbox o) {
        outbox.compareAndSet(o, null);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindDeviceModel(DeviceModel m) {
        deviceModel.set(m);
    }

    void unbindDeviceModel(DeviceModel m) {
        deviceModel.compareAndSet(m, null);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindSecurityEvents(SecurityEvents e) {
        securityEvents.set(e);
    }

    void unbindSecurityEvents(SecurityEvents e) {
        securityEvents.compareAndSet(e, null);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindFirmwareInstaller(FirmwareInstaller f) {
        firmwareInstaller.set(f);
    }

    void unbindFirmwareInstaller(FirmwareInstaller f) {
        firmwareInstaller.compareAndSet(f, null);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindEvSimulator(EvSimulator sim) {
        evSimulators.put(sim, Boolean.TRUE);
    }

    void unbindEvSimulator(EvSimulator sim) {
        evSimulators.remove(sim);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindTokenSimulator(TokenSimulator sim, Map<String, Object> properties) {
        Object evse = properties.get(HalProperties.EVSE_ID);
        int id = 0;
        if (evse instanceof Number n) {
            id = n.intValue();
        } else if (evse != null) {
            try {
                id = Integer.parseInt(evse.toString().trim());
            } catch (NumberFormatException e) {
                logger.warn("Token simulator with {}={} taken as station-wide", HalProperties.EVSE_ID, evse);
            }
        }
        tokenSimulators.put(sim, id);
    }

    void unbindTokenSimulator(TokenSimulator sim) {
        tokenSimulators.remove(sim);
    }
}
