package io.galvani.security.certificates.internal;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.galvani.ocpp.api.InboundCall;
import io.galvani.ocpp.api.OcppRequestHandler;
import io.galvani.ocpp.model.messages.InstallCertificateRequest;
import io.galvani.ocpp.model.messages.InstallCertificateResponse;

/** InstallCertificate (M05); the rules are in {@link CaCertificates#install}. */
@Component(service = OcppRequestHandler.class)
public final class InstallCertificateHandler
        implements OcppRequestHandler<InstallCertificateRequest, InstallCertificateResponse> {
    private final CertificateService certificates;

    @Activate
    public InstallCertificateHandler(@Reference CertificateService certificates) {
        this.certificates = certificates;
    }

    @Override
    public Class<InstallCertificateRequest> requestType() {
        return InstallCertificateRequest.class;
    }

    @Override
    public InstallCertificateResponse handle(InstallCertificateRequest request, InboundCall call) {
        return certificates.install(request);
    }
}
