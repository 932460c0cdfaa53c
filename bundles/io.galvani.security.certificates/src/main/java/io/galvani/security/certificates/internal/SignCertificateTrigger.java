package io.galvani.security.certificates.internal;

import java.util.Set;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.galvani.ocpp.api.InboundCall;
import io.galvani.ocpp.api.MessageTrigger;
import io.galvani.ocpp.model.messages.TriggerMessageRequest;
import io.galvani.ocpp.model.messages.TriggerMessageResponse;
import io.galvani.ocpp.model.types.MessageTriggerEnumType;

/**
 * TriggerMessage SignChargingStationCertificate (A02, F06): Accepted when a CSR can be made, and the renewal
 * starts after the response. SignV2GCertificate and SignCombinedCertificate are not served (no ISO 15118), so the
 * dispatcher answers them NotImplemented (TC_F_27).
 */
@Component(service = MessageTrigger.class)
public final class SignCertificateTrigger implements MessageTrigger {
    private final CertificateService certificates;

    @Activate
    public SignCertificateTrigger(@Reference CertificateService certificates) {
        this.certificates = certificates;
    }

    @Override
    public Set<MessageTriggerEnumType> triggers() {
        return Set.of(MessageTriggerEnumType.SignChargingStationCertificate);
    }

    @Override
    public TriggerMessageResponse trigger(TriggerMessageRequest request, InboundCall call) {
        return certificates.triggerRenewal(call);
    }
}
