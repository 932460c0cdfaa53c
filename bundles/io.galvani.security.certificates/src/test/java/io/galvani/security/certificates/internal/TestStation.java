package io.galvani.security.certificates.internal;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.galvani.ocpp.testing.TestCall;
import io.galvani.hal.sim.testing.Configs;
import io.galvani.hal.sim.testing.MutableClock;
import io.galvani.hal.sim.testing.VirtualScheduler;
import io.galvani.ocpp.model.messages.CertificateSignedRequest;
import io.galvani.ocpp.model.messages.CertificateSignedResponse;
import io.galvani.ocpp.model.messages.DeleteCertificateRequest;
import io.galvani.ocpp.model.messages.DeleteCertificateResponse;
import io.galvani.ocpp.model.messages.GetInstalledCertificateIdsRequest;
import io.galvani.ocpp.model.messages.GetInstalledCertificateIdsResponse;
import io.galvani.ocpp.model.messages.InstallCertificateRequest;
import io.galvani.ocpp.model.messages.InstallCertificateResponse;
import io.galvani.ocpp.model.messages.TriggerMessageRequest;
import io.galvani.ocpp.model.messages.TriggerMessageResponse;
import io.galvani.ocpp.model.types.CertificateHashDataType;
import io.galvani.ocpp.model.types.CertificateSigningUseEnumType;
import io.galvani.ocpp.model.types.GetCertificateIdUseEnumType;
import io.galvani.ocpp.model.types.InstallCertificateUseEnumType;
import io.galvani.ocpp.model.types.MessageTriggerEnumType;
import io.galvani.ocpp.testing.OcppSchemas;
import io.galvani.security.api.CertificateStoreListener;
import io.galvani.security.api.SecurityEvents;

/**
 * The certificate component as the framework would run it, on virtual time: a {@link FakeLink} for the CSMS, a
 * {@link MutableClock} for the station clock (starting at {@link TestPki#NOW}), a {@link VirtualScheduler} for its
 * thread, the store in a temporary directory, a recorder for security events and one for the listener. Every OCPP
 * message goes through the handlers and is checked against the official schema both ways. Configuration changes
 * go through {@code @Modified}, restarts through {@code @Deactivate} and a new instance, as in the framework.
 */
final class TestStation {
    final MutableClock clock = new MutableClock();
    final FakeLink link = new FakeLink();
    final Path dir;
    /** "type: techInfo" of every security event, in order. */
    final List<String> events = new CopyOnWriteArrayList<>();
    /** One entry per stationCredentialsRenewed call. */
    final List<String> renewedCalls = new CopyOnWriteArrayList<>();
    final SecurityEvents securityEvents = (type, techInfo) -> events.add(type + ": " + techInfo);
    final CertificateStoreListener listener = () -> renewedCalls.add("renewed");
    VirtualScheduler scheduler;
    CertificateService service;
    private final Map<String, Object> config = new HashMap<>();

    TestStation(Path dir) {
        this.dir = dir.resolve("security");
        config.put("serialNumber", "GLV-0000000042");
        config.put("organizationName", "Test CSO");
    }

    /** A configuration property before {@link #start}. */
    TestStation with(String property, Object value) {
        config.put(property, value);
        return this;
    }

    TestStation start() {
        scheduler = new VirtualScheduler();
        service = new CertificateService(Configs.of(CertificatesConfig.class, new HashMap<>(config)), dir, scheduler, clock::instant);
        service.link = link;
        service.setSecurityEvents(securityEvents);
        service.addListener(listener);
        return this;
    }

    /** A SetVariables: the configuration changes and the component gets it in {@code @Modified}. */
    void set(String property, Object value) {
        config.put(property, value);
        service.modified(Configs.of(CertificatesConfig.class, new HashMap<>(config)));
    }

    /** Stops the component and starts a new one on the same directory. */
    void restart() {
        service.deactivate();
        start();
    }

    /** Time passes for the clock and the scheduler alike; each task runs when both show its due time. */
    void advance(Duration d) {
        Duration left = d;
        while (true) {
            scheduler.runDue();
            Duration next = scheduler.nextDue();
            Duration step = next == null || next.compareTo(left) > 0 ? left : next;
            clock.advance(step);
            scheduler.advance(step);
            left = left.minus(step);
            if (left.isZero()) {
                scheduler.runDue();
                return;
            }
        }
    }

    InstallCertificateResponse install(InstallCertificateUseEnumType use, String pem) {
        InstallCertificateRequest request = InstallCertificateRequest.of(use, pem);
        OcppSchemas.requireValid("InstallCertificateRequest", request);
        InstallCertificateResponse response = new InstallCertificateHandler(service).handle(request,
                new TestCall("InstallCertificate"));
        OcppSchemas.requireValid("InstallCertificateResponse", response);
        return response;
    }

    GetInstalledCertificateIdsResponse installedIds(GetCertificateIdUseEnumType... types) {
        GetInstalledCertificateIdsRequest request = types.length == 0 ? GetInstalledCertificateIdsRequest.of()
                : GetInstalledCertificateIdsRequest.of().withCertificateType(List.of(types));
        OcppSchemas.requireValid("GetInstalledCertificateIdsRequest", request);
        GetInstalledCertificateIdsResponse response = new GetInstalledCertificateIdsHandler(service).handle(request,
                new TestCall("GetInstalledCertificateIds"));
        OcppSchemas.requireValid("GetInstalledCertificateIdsResponse", response);
        return response;
    }

    DeleteCertificateResponse delete(CertificateHashDataType hashData) {
        DeleteCertificateRequest request = DeleteCertificateRequest.of(hashData);
        OcppSchemas.requireValid("DeleteCertificateRequest", request);
        DeleteCertificateResponse response = new DeleteCertificateHandler(service).handle(request,
                new TestCall("DeleteCertificate"));
        OcppSchemas.requireValid("DeleteCertificateResponse", response);
        return response;
    }

    /** TriggerMessage SignChargingStationCertificate; the response is "written" (after-response tasks run). */
    TriggerMessageResponse trigger() {
        TestCall call = new TestCall("TriggerMessage");
        TriggerMessageResponse response = triggerWithoutResponse(call);
        call.responded();
        scheduler.runDue();
        return response;
    }

    TriggerMessageResponse triggerWithoutResponse(TestCall call) {
        TriggerMessageRequest request = TriggerMessageRequest.of(MessageTriggerEnumType.SignChargingStationCertificate);
        OcppSchemas.requireValid("TriggerMessageRequest", request);
        TriggerMessageResponse response = new SignCertificateTrigger(service).trigger(request, call);
        OcppSchemas.requireValid("TriggerMessageResponse", response);
        return response;
    }

    /** CertificateSigned for a ChargingStationCertificate; the response is not yet "written". */
    CertificateSignedResponse certificateSigned(String chain, TestCall call) {
        CertificateSignedRequest request = CertificateSignedRequest.of(chain)
                .withCertificateType(CertificateSigningUseEnumType.ChargingStationCertificate);
        OcppSchemas.requireValid("CertificateSignedRequest", request);
        return certificateSigned(request, call);
    }

    CertificateSignedResponse certificateSigned(CertificateSignedRequest request, TestCall call) {
        CertificateSignedResponse response = new CertificateSignedHandler(service).handle(request, call);
        OcppSchemas.requireValid("CertificateSignedResponse", response);
        return response;
    }

    /** CertificateSigned whose response is written at once, and what follows runs. */
    CertificateSignedResponse certificateSigned(String chain) {
        TestCall call = new TestCall("CertificateSigned");
        CertificateSignedResponse response = certificateSigned(chain, call);
        call.responded();
        scheduler.runDue();
        return response;
    }

    /** The renewal waiting for its certificate, or null. */
    PendingCsr pendingCsr() {
        return service.pending();
    }
}
