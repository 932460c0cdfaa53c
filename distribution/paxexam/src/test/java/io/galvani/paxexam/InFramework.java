package io.galvani.paxexam;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.component.runtime.dto.UnsatisfiedReferenceDTO;

import com.fasterxml.jackson.databind.JsonNode;

import io.galvani.csms.demo.CsmsCallError;
import io.galvani.csms.demo.DemoCsms;
import io.galvani.csms.demo.Direction;
import io.galvani.csms.demo.Frame;
import io.galvani.ocpp.api.InboundCall;
import io.galvani.ocpp.api.OcppLink;
import io.galvani.ocpp.api.OcppRequestHandler;
import io.galvani.ocpp.model.messages.GetDisplayMessagesRequest;
import io.galvani.ocpp.model.messages.GetDisplayMessagesResponse;
import io.galvani.ocpp.model.types.GetDisplayMessagesStatusEnumType;

/**
 * The test steps; they run inside the framework only (the probe bundle imports the Galvani, Jackson and DS packages
 * dynamically from the distribution's bundles). Waits are on conditions, never fixed sleeps.
 */
final class InFramework extends StationSteps {
    static final Duration WAIT = Duration.ofSeconds(20);

    private int reportRequests = 100;

    InFramework(BundleContext context) {
        super(context, WAIT);
    }

    // ------------------------------------------------------------------ tests

    void everyBundleIsActiveAndEveryComponentSatisfied() {
        until("every bundle ACTIVE (fragments RESOLVED)", this::inactiveBundles);
        until("every io.galvani.* component ACTIVE or SATISFIED", this::unsatisfiedComponents);
    }

    void handlerWhiteboard() throws Exception {
        try (DemoCsms csms = startCsms()) {
            awaitBootAccepted(csms);

            assertEquals("no GetDisplayMessages handler (no display-messages bundle): the transport does not know the action", "NotImplemented",
                    errorCode(csms.call(stationId, "GetDisplayMessages", "{\"requestId\":1}")));

            ServiceRegistration<?> registration = registerDisplayMessagesHandler();
            try {
                JsonNode result = csms.call(stationId, "GetDisplayMessages", "{\"requestId\":1}").get(WAIT.toSeconds(), TimeUnit.SECONDS);
                assertEquals("a handler service registered later adds the action", "Accepted",
                        result.path("status").asText());
            } finally {
                registration.unregister();
            }

            assertEquals("the handler service is gone, and so is the action", "NotImplemented",
                    errorCode(csms.call(stationId, "GetDisplayMessages", "{\"requestId\":1}")));
            assertTrue(csms.isConnected(stationId));
            assertEquals("the connection never dropped", 1, csms.connectionCount(stationId));
        }
    }

    void transportBundleUpdateReconnects() throws Exception {
        try (DemoCsms csms = startCsms()) {
            awaitBootAccepted(csms);
            assertEquals(1, csms.connectionCount(stationId));

            // Waits on the CSMS's connection state before the update, so that the drop is seen however fast the
            // updated transport reconnects.
            CompletableFuture<Void> dropped = CompletableFuture.runAsync(() -> csms.awaitDisconnected(stationId, WAIT));
            Bundle transport = bundle("io.galvani.ocpp.rpc");
            long revision = transport.getLastModified();
            transport.update();
            dropped.get(WAIT.toSeconds(), TimeUnit.SECONDS);

            until("the CSMS sees the station connect again",
                    () -> csms.connectionCount(stationId) == 2 && csms.isConnected(stationId) ? null
                            : "connections " + csms.connectionCount(stationId) + ", connected " + csms.isConnected(stationId));
            until("the OcppLink of the updated transport is connected", () -> {
                ServiceReference<OcppLink> ref = context.getServiceReference(OcppLink.class);
                if (ref == null) {
                    return "no OcppLink service";
                }
                if (ref.getBundle().getLastModified() == revision) {
                    return "OcppLink still from the old revision";
                }
                OcppLink link = context.getService(ref);
                try {
                    return link != null && link.status().connected() ? null : "link status " + (link == null ? null : link.status());
                } finally {
                    context.ungetService(ref);
                }
            });
            assertEquals(Bundle.ACTIVE, transport.getState());
            assertEquals("exactly one reconnect", 2, csms.connectionCount(stationId));
        }
    }

    /**
     * A bundle's device-model components are reported exactly while it runs: stopping the RFID driver takes its
     * TokenReader out of the FullInventory, starting it brings it back; the same for the diagnostics bundle's
     * OCPPCommCtrlr.FileTransferProtocols, while the rest of OCPPCommCtrlr (other bundles) stays.
     */
    void deviceModelFollowsBundles() throws Exception {
        try (DemoCsms csms = startCsms()) {
            awaitBootAccepted(csms);
            assertTrue(fullInventory(csms, 1).contains("TokenReader.Available"));
            assertTrue(fullInventory(csms, 2).contains("OCPPCommCtrlr.FileTransferProtocols"));

            Bundle rfid = bundle("io.galvani.hal.sim.rfid");
            Bundle diagnostics = bundle("io.galvani.diagnostics");
            rfid.stop();
            diagnostics.stop();
            List<String> without = fullInventory(csms, 3);
            assertTrue(without.stream().noneMatch(v -> v.startsWith("TokenReader.")));
            assertTrue(!without.contains("OCPPCommCtrlr.FileTransferProtocols"));
            assertTrue("other bundles' OCPPCommCtrlr variables stay", without.contains("OCPPCommCtrlr.HeartbeatInterval"));

            rfid.start();
            diagnostics.start();
            until("TokenReader and FileTransferProtocols reported again", () -> {
                try {
                    List<String> again = fullInventory(csms, ++reportRequests);
                    return again.contains("TokenReader.Available") && again.contains("OCPPCommCtrlr.FileTransferProtocols")
                            ? null : "not yet";
                } catch (Exception e) {
                    return e.toString();
                }
            });
            assertEquals("the connection never dropped", 1, csms.connectionCount(stationId));
        }
    }

    /**
     * The Reservation profile is a bundle of its own: stopped, ReserveNow and CancelReservation answer CALLERROR
     * NotImplemented and the reserved EVSE is Available; started again, the actions are back and the stored
     * reservation shows Reserved again. No core bundle changes id or state, no core component is deactivated
     * (its component configuration keeps its id), no core service is unregistered, the connection stays up.
     */
    void reservationBundleHotSwap() throws Exception {
        try (DemoCsms csms = startCsms()) {
            awaitBootAccepted(csms);
            String reserve = "{\"id\":41,\"expiryDateTime\":\"" + java.time.Instant.now().plusSeconds(3600)
                    + "\",\"evseId\":1,\"idToken\":{\"idToken\":\"04A2B3C4D5E6F7\",\"type\":\"ISO14443\"}}";
            int mark = csms.mark();
            assertEquals("Accepted", csms.call(stationId, "ReserveNow", reserve).get(WAIT.toSeconds(), TimeUnit.SECONDS)
                    .path("status").asText());
            awaitConnectorStatus(csms, mark, "Reserved");

            Bundle reservation = bundle("io.galvani.reservation");
            Map<Long, String> coreBundles = coreBundles(reservation);
            Map<String, Long> coreComponents = coreComponents(reservation);
            List<String> unregistered = new java.util.concurrent.CopyOnWriteArrayList<>();
            org.osgi.framework.ServiceListener watch = event -> {
                if (event.getType() == org.osgi.framework.ServiceEvent.UNREGISTERING
                        && event.getServiceReference().getBundle() != null
                        && event.getServiceReference().getBundle().getBundleId() != reservation.getBundleId()) {
                    unregistered.add(String.valueOf(event.getServiceReference()));
                }
            };
            context.addServiceListener(watch);
            try {
                mark = csms.mark();
                reservation.stop();
                awaitConnectorStatus(csms, mark, "Available");
                assertEquals("NotImplemented", errorCode(csms.call(stationId, "ReserveNow", reserve)));
                assertEquals("NotImplemented", errorCode(csms.call(stationId, "CancelReservation", "{\"reservationId\":41}")));
                until("no thread of the stopped bundle is left", () -> Thread.getAllStackTraces().keySet().stream()
                        .anyMatch(t -> t.getName().equals("galvani-reservation")) ? "galvani-reservation runs" : null);

                mark = csms.mark();
                reservation.start();
                awaitConnectorStatus(csms, mark, "Reserved"); // the stored reservation is back
                mark = csms.mark();
                assertEquals("Accepted", csms.call(stationId, "CancelReservation", "{\"reservationId\":41}")
                        .get(WAIT.toSeconds(), TimeUnit.SECONDS).path("status").asText());
                awaitConnectorStatus(csms, mark, "Available");
                assertEquals("Accepted", csms.call(stationId, "ReserveNow", reserve).get(WAIT.toSeconds(), TimeUnit.SECONDS)
                        .path("status").asText());
            } finally {
                context.removeServiceListener(watch);
            }
            assertEquals("no core bundle changed", coreBundles, coreBundles(reservation));
            assertEquals("no core component was deactivated", coreComponents, coreComponents(reservation));
            assertEquals("no core service was unregistered", List.of(), unregistered);
            assertEquals("the connection never dropped", 1, csms.connectionCount(stationId));
        }
    }

    private void awaitConnectorStatus(DemoCsms csms, int since, String status) {
        csms.awaitFrame(since, f -> f.dir() == Direction.TO_CSMS && f.isCall() && "StatusNotification".equals(f.action())
                && f.payload().path("evseId").asInt() == 1 && status.equals(f.payload().path("connectorStatus").asText()),
                WAIT);
    }

    /** Id to symbolic name and state of every bundle but {@code except}. */
    private Map<Long, String> coreBundles(Bundle except) {
        Map<Long, String> result = new java.util.TreeMap<>();
        for (Bundle b : context.getBundles()) {
            if (b.getBundleId() != except.getBundleId()) {
                result.put(b.getBundleId(), b.getSymbolicName() + " " + state(b.getState()));
            }
        }
        return result;
    }

    /** Name to component configuration id of every active io.galvani.* component outside {@code except}. */
    private Map<String, Long> coreComponents(Bundle except) {
        ServiceReference<ServiceComponentRuntime> ref = context.getServiceReference(ServiceComponentRuntime.class);
        ServiceComponentRuntime scr = context.getService(ref);
        try {
            Map<String, Long> result = new java.util.TreeMap<>();
            for (ComponentDescriptionDTO d : scr.getComponentDescriptionDTOs()) {
                if (d.bundle.symbolicName.startsWith("io.galvani.") && d.bundle.id != except.getBundleId()) {
                    for (ComponentConfigurationDTO c : scr.getComponentConfigurationDTOs(d)) {
                        if (c.state == ComponentConfigurationDTO.ACTIVE) {
                            result.put(d.name + "#" + c.id, c.id);
                        }
                    }
                }
            }
            return result;
        } finally {
            context.ungetService(ref);
        }
    }

    /** GetBaseReport FullInventory; the "Component.Variable" names of every NotifyReport part, checked for order. */
    private List<String> fullInventory(DemoCsms csms, int requestId) throws Exception {
        int since = csms.mark();
        JsonNode response = csms.call(stationId, "GetBaseReport",
                "{\"requestId\":" + requestId + ",\"reportBase\":\"FullInventory\"}").get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertEquals("Accepted", response.path("status").asText());
        List<String> variables = new ArrayList<>();
        int seq = 0;
        while (true) {
            int expected = seq;
            Frame part = csms.awaitFrame(since, f -> f.dir() == Direction.TO_CSMS && f.isCall()
                    && "NotifyReport".equals(f.action()) && f.payload().path("requestId").asInt() == requestId
                    && f.payload().path("seqNo").asInt() == expected, WAIT);
            part.payload().path("reportData").forEach(e -> variables.add(
                    e.path("component").path("name").asText() + "." + e.path("variable").path("name").asText()));
            if (!part.payload().path("tbc").asBoolean(false)) {
                return variables;
            }
            seq++;
        }
    }

    // ------------------------------------------------------------------ steps

    private ServiceRegistration<?> registerDisplayMessagesHandler() {
        OcppRequestHandler<GetDisplayMessagesRequest, GetDisplayMessagesResponse> handler = new OcppRequestHandler<>() {
            @Override
            public Class<GetDisplayMessagesRequest> requestType() {
                return GetDisplayMessagesRequest.class;
            }

            @Override
            public GetDisplayMessagesResponse handle(GetDisplayMessagesRequest request, InboundCall call) {
                return GetDisplayMessagesResponse.of(GetDisplayMessagesStatusEnumType.Accepted);
            }
        };
        return context.registerService(OcppRequestHandler.class.getName(), handler, null);
    }

    private static String errorCode(CompletableFuture<JsonNode> call) throws Exception {
        try {
            JsonNode result = call.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            throw new AssertionError("expected a CALLERROR, got the CALLRESULT " + result);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof CsmsCallError error) {
                return error.code();
            }
            throw e;
        }
    }

    /** @return null when every bundle is ACTIVE (fragments RESOLVED), else what is not */
    private String inactiveBundles() {
        List<String> problems = new ArrayList<>();
        for (Bundle b : context.getBundles()) {
            boolean fragment = b.getHeaders().get(Constants.FRAGMENT_HOST) != null;
            int expected = fragment ? Bundle.RESOLVED : Bundle.ACTIVE;
            if (b.getState() != expected) {
                problems.add(b.getSymbolicName() + " " + b.getVersion() + " is " + state(b.getState()));
            }
        }
        return problems.isEmpty() ? null : String.join("\n", problems);
    }

    /** @return null when every io.galvani.* component is ACTIVE or SATISFIED, else what is not and why */
    private String unsatisfiedComponents() {
        ServiceReference<ServiceComponentRuntime> ref = context.getServiceReference(ServiceComponentRuntime.class);
        if (ref == null) {
            return "no ServiceComponentRuntime service";
        }
        ServiceComponentRuntime scr = context.getService(ref);
        try {
            List<String> problems = new ArrayList<>();
            int galvani = 0;
            for (ComponentDescriptionDTO d : scr.getComponentDescriptionDTOs()) {
                if (!d.bundle.symbolicName.startsWith("io.galvani.")) {
                    continue;
                }
                galvani++;
                if (!scr.isComponentEnabled(d)) {
                    problems.add(d.name + " (" + d.bundle.symbolicName + ") is disabled");
                    continue;
                }
                var configurations = scr.getComponentConfigurationDTOs(d);
                if (configurations.isEmpty()) {
                    problems.add(d.name + " has no component configuration (configuration-policy " + d.configurationPolicy
                            + ", PIDs " + String.join(",", d.configurationPid) + ": configuration missing?)");
                }
                for (ComponentConfigurationDTO c : configurations) {
                    if (c.state != ComponentConfigurationDTO.ACTIVE && c.state != ComponentConfigurationDTO.SATISFIED) {
                        StringBuilder s = new StringBuilder(d.name + " is " + componentState(c.state));
                        for (UnsatisfiedReferenceDTO u : c.unsatisfiedReferences) {
                            s.append("\n    unsatisfied reference ").append(u.name).append(" target ").append(u.target);
                        }
                        if (c.failure != null) {
                            s.append("\n    failure ").append(c.failure);
                        }
                        problems.add(s.toString());
                    }
                }
            }
            if (galvani == 0) {
                problems.add("no io.galvani.* components at all");
            }
            return problems.isEmpty() ? null : String.join("\n", problems);
        } finally {
            context.ungetService(ref);
        }
    }

    // ------------------------------------------------------------------ helpers

    private static String state(int state) {
        return switch (state) {
            case Bundle.INSTALLED -> "INSTALLED";
            case Bundle.RESOLVED -> "RESOLVED";
            case Bundle.STARTING -> "STARTING";
            case Bundle.STOPPING -> "STOPPING";
            case Bundle.ACTIVE -> "ACTIVE";
            default -> "UNINSTALLED";
        };
    }

    private static String componentState(int state) {
        return switch (state) {
            case ComponentConfigurationDTO.UNSATISFIED_CONFIGURATION -> "UNSATISFIED_CONFIGURATION";
            case ComponentConfigurationDTO.UNSATISFIED_REFERENCE -> "UNSATISFIED_REFERENCE";
            case ComponentConfigurationDTO.SATISFIED -> "SATISFIED";
            case ComponentConfigurationDTO.ACTIVE -> "ACTIVE";
            case ComponentConfigurationDTO.FAILED_ACTIVATION -> "FAILED_ACTIVATION";
            default -> "state " + state;
        };
    }
}
