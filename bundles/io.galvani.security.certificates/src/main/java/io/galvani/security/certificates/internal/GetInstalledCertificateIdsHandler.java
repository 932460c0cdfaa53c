package io.galvani.security.certificates.internal;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.galvani.ocpp.api.InboundCall;
import io.galvani.ocpp.api.OcppRequestHandler;
import io.galvani.ocpp.model.messages.GetInstalledCertificateIdsRequest;
import io.galvani.ocpp.model.messages.GetInstalledCertificateIdsResponse;

/** GetInstalledCertificateIds (M03); the rules are in {@link CaCertificates#installedIds}. */
@Component(service = OcppRequestHandler.class)
public final class GetInstalledCertificateIdsHandler
        implements OcppRequestHandler<GetInstalledCertificateIdsRequest, GetInstalledCertificateIdsResponse> {
    private final CertificateService certificates;

    @Activate
    public GetInstalledCertificateIdsHandler(@Reference CertificateService certificates) {
        this.certificates = certificates;
    }

    @Override
    public Class<GetInstalledCertificateIdsRequest> requestType() {
        return GetInstalledCertificateIdsRequest.class;
    }

    @Override
    public GetInstalledCertificateIdsResponse handle(GetInstalledCertificateIdsRequest request, InboundCall call) {
        return certificates.installedIds(request);
    }
}
