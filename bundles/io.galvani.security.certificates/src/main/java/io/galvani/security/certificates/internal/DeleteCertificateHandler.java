package io.galvani.security.certificates.internal;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.galvani.ocpp.api.InboundCall;
import io.galvani.ocpp.api.OcppRequestHandler;
import io.galvani.ocpp.model.messages.DeleteCertificateRequest;
import io.galvani.ocpp.model.messages.DeleteCertificateResponse;

/** DeleteCertificate (M04); the rules are in {@link CaCertificates#delete}. */
@Component(service = OcppRequestHandler.class)
public final class DeleteCertificateHandler implements OcppRequestHandler<DeleteCertificateRequest, DeleteCertificateResponse> {
    private final CertificateService certificates;

    @Activate
    public DeleteCertificateHandler(@Reference CertificateService certificates) {
        this.certificates = certificates;
    }

    @Override
    public Class<DeleteCertificateRequest> requestType() {
        return DeleteCertificateRequest.class;
    }

    @Override
    public DeleteCertificateResponse handle(DeleteCertificateRequest request, InboundCall call) {
        return certificates.delete(request);
    }
}
