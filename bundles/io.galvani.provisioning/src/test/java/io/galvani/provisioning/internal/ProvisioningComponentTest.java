package io.galvani.provisioning.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Version;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

import io.galvani.hal.sim.testing.Configs;
import io.galvani.hal.sim.testing.VirtualScheduler;
import io.galvani.ocpp.api.LinkStatus;
import io.galvani.ocpp.model.messages.BootNotificationResponse;
import io.galvani.ocpp.model.messages.TriggerMessageRequest;
import io.galvani.ocpp.model.types.MessageTriggerEnumType;
import io.galvani.ocpp.model.types.RegistrationStatusEnumType;
import io.galvani.ocpp.model.types.TriggerMessageStatusEnumType;
import io.galvani.provisioning.api.RegistrationStatus;
import io.galvani.security.api.SecurityEvents;

/**
 * The component with Config Admin in the loop: B01.FR.04 stores the CSMS heartbeat interval in our
 * own configuration without a feedback loop, and a configuration change (what SetVariables does)
 * reaches the running heartbeat. The fake Config Admin hands every change back to {@code @Modified},
 * as SCR would.
 */
class ProvisioningComponentTest {
    private static final Instant CSMS_TIME = Instant.parse("2030-01-01T00:00:00Z");
    private static final LinkStatus UP = new LinkStatus(true, "ws://test", 1, Instant.EPOCH, 0, null);

    private final VirtualScheduler scheduler = new VirtualScheduler();
    private final RecordingLink link = new RecordingLink();
    private final FakeConfigAdmin configAdmin = new FakeConfigAdmin();
    private ProvisioningComponent component;

    @Test
    void B01_FR04_csmsIntervalIsStoredOnceAndComesBackWithoutALoop() {
        configAdmin.properties.put("serialNumber", "$[prop:galvani.serial.number;default=GLV-1]");
        givenComponent();

        accept(60);

        assertThat(configAdmin.updates).hasSize(1);
        assertThat(configAdmin.properties).containsEntry("heartbeatIntervalSeconds", 60)
                .as("the other properties are written back raw")
                .containsEntry("serialNumber", "$[prop:galvani.serial.number;default=GLV-1]");
        assertThat(configAdmin.locations).containsOnly("?");
        assertThat(component.heartbeatIntervalSeconds()).isEqualTo(60);
        int before = link.calls.size();
        scheduler.advance(Duration.ofSeconds(60));
        assertThat(link.actionsFrom(before)).containsExactly("Heartbeat");
        assertThat(configAdmin.updates).hasSize(1);
    }

    @Test
    void B01_FR04_withoutConfigAdminTheCsmsIntervalStillApplies() {
        givenComponent();
        component.configAdmin = null;

        accept(45);

        assertThat(component.heartbeatIntervalSeconds()).isEqualTo(45);
        int before = link.calls.size();
        scheduler.advance(Duration.ofSeconds(45));
        assertThat(link.actionsFrom(before)).containsExactly("Heartbeat");
    }

    @Test
    void B05_setVariablesHeartbeatIntervalReschedulesTheRunningHeartbeat() {
        givenComponent();
        accept(300);
        scheduler.advance(Duration.ofSeconds(200));
        int before = link.calls.size();

        configAdmin.write("heartbeatIntervalSeconds", 15); // what the device model does for SetVariables
        scheduler.runDue();

        assertThat(component.heartbeatIntervalSeconds()).isEqualTo(15);
        scheduler.advance(Duration.ofSeconds(15));
        assertThat(link.actionsFrom(before)).containsExactly("Heartbeat");
        assertThat(component.status()).isEqualTo(RegistrationStatus.Accepted);
    }

    @Test
    void F06_triggersAreServedThroughTheComponent() {
        givenComponent();
        accept(300);
        RecordingInboundCall call = new RecordingInboundCall();
        int before = link.calls.size();

        assertThat(component.triggers()).contains(MessageTriggerEnumType.Heartbeat);
        assertThat(component.trigger(TriggerMessageRequest.of(MessageTriggerEnumType.Heartbeat), call).status())
                .isEqualTo(TriggerMessageStatusEnumType.Accepted);
        call.responseWritten();
        scheduler.runDue();

        assertThat(link.actionsFrom(before)).containsExactly("Heartbeat");
    }

    @Test
    void deactivateCancelsEverythingAndDropsLateEvents() {
        givenComponent();
        accept(300);
        RecordingInboundCall call = new RecordingInboundCall();
        component.trigger(TriggerMessageRequest.of(MessageTriggerEnumType.Heartbeat), call);

        component.deactivate();

        assertThat(scheduler.pending()).isZero();
        assertThatCode(() -> {
            call.responseWritten();
            component.connected(UP);
            component.disconnected(UP);
            component.modified(Configs.defaults(ProvisioningConfig.class));
        }).doesNotThrowAnyException();
    }

    @Test
    void A04_startupOfTheDeviceIsReportedOnceWhenTheStationStarts() {
        List<String> events = new CopyOnWriteArrayList<>();
        SecurityEvents recording = (type, techInfo) -> events.add(type + " " + techInfo);

        ProvisioningComponent starting = new ProvisioningComponent(link, new FakeClock(),
                Configs.defaults(ProvisioningConfig.class), context(Bundle.STARTING, "RemoteReset"));
        starting.setSecurityEvents(recording); // DS binds after the constructor
        starting.deactivate();
        ProvisioningComponent restarted = new ProvisioningComponent(link, new FakeClock(),
                Configs.defaults(ProvisioningConfig.class), context(Bundle.ACTIVE, "RemoteReset"));
        restarted.setSecurityEvents(recording); // only this bundle restarted: the station did not start
        restarted.deactivate();

        assertThat(events).containsExactly("StartupOfTheDevice reason=RemoteReset");
    }

    /** A bundle context whose framework is in {@code frameworkState}, booted for {@code bootReason}. */
    private static BundleContext context(int frameworkState, String bootReason) {
        Bundle framework = (Bundle) Proxy.newProxyInstance(Bundle.class.getClassLoader(), new Class<?>[] { Bundle.class },
                (p, method, args) -> switch (method.getName()) {
                    case "getState" -> frameworkState;
                    case "getVersion" -> new Version(1, 2, 3);
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        return (BundleContext) Proxy.newProxyInstance(BundleContext.class.getClassLoader(),
                new Class<?>[] { BundleContext.class }, (p, method, args) -> switch (method.getName()) {
                    case "getProperty" -> ProvisioningComponent.BOOT_REASON_PROPERTY.equals(args[0]) ? bootReason : null;
                    case "getBundle" -> framework;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private void givenComponent() {
        component = new ProvisioningComponent(link, new FakeClock(),
                Configs.of(ProvisioningConfig.class, new HashMap<>(configAdmin.properties)), "1.2.3",
                null, scheduler, scheduler::nanoTime);
        component.configAdmin = configAdmin.proxy;
        configAdmin.owner = component;
    }

    private void accept(int interval) {
        component.connected(UP);
        scheduler.runDue();
        link.answerLast(BootNotificationResponse.of(CSMS_TIME, interval, RegistrationStatusEnumType.Accepted));
        scheduler.runDue();
        assertThat(component.status()).isEqualTo(RegistrationStatus.Accepted);
    }

    /** Config Admin with our one configuration; each change goes to the component's @Modified. */
    private static final class FakeConfigAdmin {
        final Map<String, Object> properties = new HashMap<>();
        final List<Map<String, Object>> updates = new CopyOnWriteArrayList<>();
        final List<String> locations = new CopyOnWriteArrayList<>();
        ProvisioningComponent owner;
        final Configuration configuration = (Configuration) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] { Configuration.class }, (p, method, args) -> switch (method.getName()) {
                    case "getPid" -> ProvisioningComponent.PID;
                    case "getProperties" -> properties.isEmpty() ? null : new Hashtable<>(properties);
                    case "updateIfDifferent" -> update(toMap(args[0]));
                    case "update" -> {
                        update(toMap(args[0]));
                        yield null;
                    }
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        final ConfigurationAdmin proxy = (ConfigurationAdmin) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] { ConfigurationAdmin.class }, (p, method, args) -> {
                    if (method.getName().equals("getConfiguration") && args.length == 2
                            && ProvisioningComponent.PID.equals(args[0])) {
                        locations.add((String) args[1]);
                        return configuration;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });

        /** A write by someone else, e.g. the device model. */
        void write(String key, Object value) {
            Map<String, Object> next = new HashMap<>(properties);
            next.put(key, value);
            update(next);
        }

        private boolean update(Map<String, Object> next) {
            if (next.equals(properties)) {
                return false;
            }
            properties.clear();
            properties.putAll(next);
            updates.add(Map.copyOf(next));
            owner.modified(Configs.of(ProvisioningConfig.class, next));
            return true;
        }

        @SuppressWarnings("unchecked")
        private static Map<String, Object> toMap(Object dictionary) {
            Dictionary<String, Object> d = (Dictionary<String, Object>) dictionary;
            Map<String, Object> m = new HashMap<>();
            for (String k : Collections.list(d.keys())) {
                m.put(k, d.get(k));
            }
            return m;
        }
    }
}
