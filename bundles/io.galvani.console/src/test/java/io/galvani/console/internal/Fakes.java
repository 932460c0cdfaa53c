package io.galvani.console.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;

import io.galvani.devicemodel.api.Characteristics;
import io.galvani.devicemodel.api.ComponentKey;
import io.galvani.devicemodel.api.DeviceModel;
import io.galvani.devicemodel.api.Rejection;
import io.galvani.devicemodel.api.ValueSource;
import io.galvani.devicemodel.api.VariableAttribute;
import io.galvani.devicemodel.api.VariableDefinition;
import io.galvani.devicemodel.api.VariableKey;
import io.galvani.devicemodel.api.VariableRead;
import io.galvani.devicemodel.api.VariableWrite;
import io.galvani.hal.sim.api.EvSimulator;
import io.galvani.hal.sim.api.TokenSimulator;
import io.galvani.ocpp.api.LinkStatistics;
import io.galvani.ocpp.api.LinkStatus;
import io.galvani.ocpp.api.OcppLink;
import io.galvani.ocpp.model.OcppRequest;
import io.galvani.ocpp.model.OcppResponse;
import io.galvani.ocpp.model.types.AttributeEnumType;
import io.galvani.ocpp.model.types.GetVariableStatusEnumType;
import io.galvani.ocpp.model.types.SetVariableStatusEnumType;
import io.galvani.outbox.api.OutboxStatus;
import io.galvani.provisioning.api.Registration;
import io.galvani.provisioning.api.RegistrationStatus;
import io.galvani.security.api.SecurityEvent;
import io.galvani.security.api.SecurityEvents;
import io.galvani.station.api.ConnectorStatus;
import io.galvani.station.api.ConnectorView;
import io.galvani.station.api.EvseView;
import io.galvani.station.api.Station;
import io.galvani.transactions.api.SessionPhase;
import io.galvani.transactions.api.SessionView;
import io.galvani.transactions.api.Sessions;

/** In-test doubles of the station's services; every field may be set to null for "bundle not running". */
final class Fakes {
    private Fakes() {
    }

    static ConsoleConfig config(int messageLogSize, int clientQueueSize, int maxClients) {
        return new ConsoleConfig() {
            @Override
            public Class<? extends java.lang.annotation.Annotation> annotationType() {
                return ConsoleConfig.class;
            }

            @Override
            public int messageLogSize() {
                return messageLogSize;
            }

            @Override
            public int clientQueueSize() {
                return clientQueueSize;
            }

            @Override
            public int maxClients() {
                return maxClients;
            }

            @Override
            public int securityEventsShown() {
                return 100;
            }

            @Override
            public int keepAliveSeconds() {
                return 1;
            }
        };
    }

    static final class Services implements ConsoleServices {
        Station station = new FakeStation();
        Sessions sessions = new FakeSessions();
        OcppLink link = new FakeLink();
        Registration registration = new FakeRegistration();
        OutboxStatus outbox = new OutboxStatus(2, 10_000, Instant.parse("2026-12-05T10:00:00Z"), 40, 1, true);
        DeviceModel deviceModel = new FakeDeviceModel();
        SecurityEvents securityEvents = new FakeSecurityEvents();
        String firmwareVersion = "1.4.2";
        List<EvSimulator> evs = new ArrayList<>(List.of(new FakeEv(1, 1)));
        FakeReader reader = new FakeReader();

        @Override
        public String stationId() {
            return "CS-TEST-1";
        }

        @Override
        public Optional<Station> station() {
            return Optional.ofNullable(station);
        }

        @Override
        public Optional<Sessions> sessions() {
            return Optional.ofNullable(sessions);
        }

        @Override
        public Optional<OcppLink> link() {
            return Optional.ofNullable(link);
        }

        @Override
        public Optional<Registration> registration() {
            return Optional.ofNullable(registration);
        }

        @Override
        public Optional<OutboxStatus> outbox() {
            return Optional.ofNullable(outbox);
        }

        @Override
        public Optional<DeviceModel> deviceModel() {
            return Optional.ofNullable(deviceModel);
        }

        @Override
        public Optional<SecurityEvents> securityEvents() {
            return Optional.ofNullable(securityEvents);
        }

        @Override
        public Optional<String> firmwareVersion() {
            return Optional.ofNullable(firmwareVersion);
        }

        @Override
        public List<BundleRow> bundles() {
            return List.of(new BundleRow(0, "org.apache.felix.framework", "7.0.5", "ACTIVE", 0, false),
                    new BundleRow(41, "io.galvani.console", "0.1.0", "ACTIVE", 5, false));
        }

        @Override
        public List<EvSimulator> evSimulators() {
            return List.copyOf(evs);
        }

        @Override
        public Optional<TokenSimulator> tokenSimulator(int evseId) {
            return Optional.ofNullable(reader);
        }
    }

    static final class FakeStation implements Station {
        volatile boolean plugged;

        @Override
        public List<EvseView> evses() {
            return List.of(new EvseView(1, List.of(new ConnectorView(1, 1, "cCCS2",
                    plugged ? ConnectorStatus.Occupied : ConnectorStatus.Available, plugged))));
        }

        @Override
        public Optional<ConnectorView> connector(int evseId, int connectorId) {
            return evses().get(0).connectors().stream().filter(c -> c.connectorId() == connectorId).findFirst();
        }

        @Override
        public void setClaimed(int evseId, int connectorId, boolean claimed) {
        }

        @Override
        public void setUnavailable(int evseId, int connectorId, boolean unavailable) {
        }
    }

    static SessionView charging() {
        return new SessionView(1, SessionPhase.CHARGING, "tx-1", "Charging", "****F7E6",
                Instant.parse("2026-12-05T10:00:00Z"), Duration.ofSeconds(754), 12345.6, Double.NaN, 44.5, null, null);
    }

    static final class FakeSessions implements Sessions {
        volatile SessionView view = charging();

        @Override
        public List<SessionView> sessions() {
            return List.of(view);
        }

        @Override
        public Optional<SessionView> session(int evseId) {
            return evseId == 1 ? Optional.of(view) : Optional.empty();
        }
    }

    static final class FakeLink implements OcppLink {
        @Override
        public <R extends OcppResponse> CompletionStage<R> call(OcppRequest<R> request) {
            throw new UnsupportedOperationException();
        }

        @Override
        public LinkStatus status() {
            return new LinkStatus(true, "ws://127.0.0.1:9000/ocpp/CS-TEST-1", 1,
                    Instant.parse("2026-12-05T09:00:00Z"), 3, null, 1);
        }

        @Override
        public LinkStatistics statistics() {
            return new LinkStatistics(Duration.ofMillis(12), Duration.ofNanos(15_500_000), 42, 7, 1, 2);
        }

        @Override
        public void gateChanged() {
        }
    }

    static final class FakeRegistration implements Registration {
        @Override
        public RegistrationStatus status() {
            return RegistrationStatus.Accepted;
        }

        @Override
        public Optional<Instant> acceptedAt() {
            return Optional.of(Instant.parse("2026-12-05T09:00:01Z"));
        }

        @Override
        public int heartbeatIntervalSeconds() {
            return 300;
        }
    }

    static final class FakeSecurityEvents implements SecurityEvents {
        final List<SecurityEvent> events = new CopyOnWriteArrayList<>(List.of(
                new SecurityEvent(Instant.parse("2026-12-05T09:00:00Z"), "StartupOfTheDevice", null, true),
                new SecurityEvent(Instant.parse("2026-12-05T09:30:00Z"), "InvalidMessages", "3 frames", false)));

        @Override
        public void report(String type, String techInfo) {
        }

        @Override
        public List<SecurityEvent> recent(int max) {
            return events.subList(Math.max(0, events.size() - max), events.size());
        }
    }

    static final class FakeEv implements EvSimulator {
        final int evse;
        final int connector;
        final List<String> calls = new CopyOnWriteArrayList<>();

        FakeEv(int evse, int connector) {
            this.evse = evse;
            this.connector = connector;
        }

        @Override
        public int evseId() {
            return evse;
        }

        @Override
        public int connectorId() {
            return connector;
        }

        @Override
        public void plug() {
            calls.add("plug");
        }

        @Override
        public void unplug() {
            calls.add("unplug");
        }

        @Override
        public void setSuspended(boolean suspended) {
            calls.add("suspend " + suspended);
        }

        @Override
        public void setStateOfCharge(double pct) {
            calls.add("soc " + pct);
        }
    }

    static final class FakeReader implements TokenSimulator {
        final List<String> presented = new CopyOnWriteArrayList<>();

        @Override
        public void present(String idToken, String type, int evseId) {
            if (idToken.length() > MAX_ID_TOKEN_LENGTH) {
                throw new IllegalArgumentException("idToken is " + idToken.length()
                        + " characters long; at most 36 allowed");
            }
            presented.add(idToken + " " + type + " " + evseId);
        }
    }

    /**
     * A device model with the rules that matter for the console: HeartbeatInterval (integer, min 1, ReadWrite),
     * AvailabilityState (ReadOnly), BasicAuthPassword (WriteOnly, 16..40 characters).
     */
    static final class FakeDeviceModel implements DeviceModel {
        static final ComponentKey OCPP_COMM = ComponentKey.of("OCPPCommCtrlr");
        static final ComponentKey STATION = ComponentKey.of("ChargingStation");
        static final ComponentKey SECURITY = ComponentKey.of("SecurityCtrlr");
        final Map<String, String> values = new TreeMap<>(Map.of("HeartbeatInterval", "300",
                "AvailabilityState", "Available", "BasicAuthPassword", "Secret-Passw0rd-123"));

        @Override
        public List<VariableDefinition> definitions() {
            return List.of(
                    VariableDefinition.builder(STATION, VariableKey.of("AvailabilityState"),
                            Characteristics.optionList("Available", "Occupied", "Unavailable"))
                            .actual(VariableAttribute.readOnly(ValueSource.constant("Available"))).build(),
                    VariableDefinition.builder(OCPP_COMM, VariableKey.of("HeartbeatInterval"),
                            Characteristics.integer().withUnit("s").withMin(1))
                            .actual(VariableAttribute.readWrite("pid", "heartbeat", "300")).build(),
                    VariableDefinition.builder(SECURITY, VariableKey.of("BasicAuthPassword"),
                            Characteristics.string().withMin(16).withMax(40))
                            .actual(VariableAttribute.writeOnly("pid", ".basicAuthPassword")).build());
        }

        @Override
        public Optional<VariableDefinition> definition(ComponentKey component, VariableKey variable) {
            return definitions().stream().filter(d -> d.component().equals(component) && d.variable().equals(variable))
                    .findFirst();
        }

        @Override
        public VariableRead read(ComponentKey component, VariableKey variable, AttributeEnumType attribute) {
            Optional<VariableDefinition> d = definition(component, variable);
            if (d.isEmpty()) {
                return VariableRead.of(GetVariableStatusEnumType.UnknownComponent, null);
            }
            if (!d.get().attributes().get(AttributeEnumType.Actual).readable()) {
                return VariableRead.of(GetVariableStatusEnumType.Rejected, new Rejection("WriteOnly", "write-only"));
            }
            return VariableRead.accepted(values.get(variable.name()));
        }

        @Override
        public VariableWrite write(ComponentKey component, VariableKey variable, AttributeEnumType attribute,
                String value) {
            Optional<VariableDefinition> d = definition(component, variable);
            if (d.isEmpty()) {
                return VariableWrite.of(SetVariableStatusEnumType.UnknownComponent,
                        new Rejection("NotFound", "no component " + component));
            }
            if (attribute != null && attribute != AttributeEnumType.Actual) {
                return VariableWrite.of(SetVariableStatusEnumType.NotSupportedAttributeType,
                        new Rejection("UnsupportedParam", attribute.value() + " not supported"));
            }
            if (!d.get().attributes().get(AttributeEnumType.Actual).writable()) {
                return VariableWrite.of(SetVariableStatusEnumType.Rejected,
                        new Rejection("ReadOnly", d.get() + " is read-only"));
            }
            if (variable.name().equals("HeartbeatInterval")) {
                try {
                    if (Integer.parseInt(value) < 1) {
                        return VariableWrite.of(SetVariableStatusEnumType.Rejected,
                                Rejection.outOfRange("OCPPCommCtrlr.HeartbeatInterval must be >= 1, not " + value));
                    }
                } catch (NumberFormatException e) {
                    return VariableWrite.of(SetVariableStatusEnumType.Rejected,
                            Rejection.invalid("OCPPCommCtrlr.HeartbeatInterval is an integer, not " + value));
                }
            }
            values.put(variable.name(), value);
            return VariableWrite.ACCEPTED;
        }
    }
}
