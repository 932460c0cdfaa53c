package io.galvani.firmware.internal;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.galvani.filetransfer.Redaction;
import io.galvani.filetransfer.TransferLocation;
import io.galvani.ocpp.model.messages.UpdateFirmwareRequest;
import io.galvani.ocpp.model.messages.UpdateFirmwareResponse;
import io.galvani.ocpp.model.types.FirmwareType;
import io.galvani.ocpp.model.types.GetCertificateIdUseEnumType;
import io.galvani.ocpp.model.types.StatusInfoType;
import io.galvani.ocpp.model.types.UpdateFirmwareStatusEnumType;
import io.galvani.security.api.SecurityEventType;

/**
 * Checks an UpdateFirmware before anything changes: a usable location and a signing certificate issued by a
 * ManufacturerRootCertificate (L01.FR.02/22); the retries and interval asked for, bounded by the settings. Either
 * the answer to refuse it with, or the update to run.
 */
final class UpdateFirmwareValidation {
    private static final Logger LOG = LoggerFactory.getLogger(UpdateFirmwareValidation.class);
    private static final int STATUS_INFO_MAX = 255;

    /** Exactly one of the two is set. */
    record Result(UpdateFirmwareResponse refusal, UpdateRun.Target update) {
    }

    private UpdateFirmwareValidation() {
    }

    static Result validate(UpdateFirmwareRequest request, FirmwareUpdates.Services services, Settings s,
            Instant now) {
        int requestId = request.requestId();
        FirmwareType fw = request.firmware();
        TransferLocation location;
        try {
            location = TransferLocation.parse(fw.location());
        } catch (TransferLocation.InvalidLocation e) {
            LOG.warn("UpdateFirmware {}: location {} unusable ({}): Rejected", requestId,
                    Redaction.location(fw.location()), e.getMessage());
            return new Result(rejected("InvalidURL", e.getMessage()), null);
        }
        X509Certificate certificate;
        try {
            List<X509Certificate> roots = services.certificates()
                    .map(c -> c.roots(GetCertificateIdUseEnumType.ManufacturerRootCertificate)).orElse(List.of());
            certificate = SigningCertificate.validate(fw.signingCertificate(), roots, now);
        } catch (SigningCertificate.Invalid e) {
            // L01.FR.02/22: answered InvalidCertificate, reported as a security event; nothing else changes.
            LOG.warn("UpdateFirmware {}: {}: InvalidCertificate", requestId, e.getMessage());
            services.securityEvent(SecurityEventType.INVALID_FIRMWARE_SIGNING_CERTIFICATE,
                    "UpdateFirmware " + requestId + ": " + e.getMessage());
            return new Result(UpdateFirmwareResponse.of(UpdateFirmwareStatusEnumType.InvalidCertificate)
                    .withStatusInfo(StatusInfoType.of("InvalidCertificate").withAdditionalInfo(cut(e.getMessage()))),
                    null);
        }
        int retries = Math.min(s.maxRetries(),
                Math.max(0, request.retries() != null ? request.retries() : s.defaultRetries()));
        int interval = Math.max(0,
                request.retryInterval() != null ? request.retryInterval() : s.defaultRetryIntervalSeconds());
        UpdateRecord record = new UpdateRecord(requestId, UpdateRecord.Phase.DOWNLOAD, fw.location(), retries + 1,
                interval, fw.retrieveDateTime(), fw.installDateTime(), fw.signingCertificate(), fw.signature(), null,
                null);
        return new Result(null, new UpdateRun.Target(record, certificate, location));
    }

    static UpdateFirmwareResponse rejected(String reason, String info) {
        return UpdateFirmwareResponse.of(UpdateFirmwareStatusEnumType.Rejected)
                .withStatusInfo(StatusInfoType.of(reason).withAdditionalInfo(cut(info)));
    }

    /** statusInfo.additionalInfo and security event techInfo hold at most 255 characters. */
    static String cut(String s) {
        return s == null ? null : s.length() > STATUS_INFO_MAX ? s.substring(0, STATUS_INFO_MAX - 1) + "…" : s;
    }
}
