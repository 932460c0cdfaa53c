package io.galvani.security.certificates.internal;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.galvani.ocpp.api.InboundCall;
import io.galvani.ocpp.api.OcppRequestHandler;
import io.galvani.ocpp.model.messages.CertificateSignedRequest;
import io.galvani.ocpp.model.messages.CertificateSignedResponse;

/** CertificateSigned (A02/A03); the rules are in {@link CertificateService#certificateSigned}. */
@Component(service = OcppRequestHandler.class)
public final class CertificateSignedHandler
        implements OcppRequestHandler<CertificateSignedRequest, CertificateSignedResponse> {
    private final CertificateService certificates;

    @Activate
    public CertificateSignedHandler(@Reference CertificateService certificates) {
        this.certificates = certificates;
    }

    @Override
    public Class<CertificateSignedRequest> requestType() {
        return CertificateSignedRequest.class;
    }

    @Override
    public CertificateSignedResponse handle(CertificateSignedRequest request, InboundCall call) {
        return certificates.certificateSigned(request, call);
    }
}
