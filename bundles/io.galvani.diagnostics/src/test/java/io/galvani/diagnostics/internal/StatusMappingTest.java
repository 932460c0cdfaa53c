package io.galvani.diagnostics.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.galvani.ocpp.model.types.UploadLogStatusEnumType;

class StatusMappingTest {

    @Test
    void statusMapping() {
        assertThat(HttpUploader.statusFor(403)).isEqualTo(UploadLogStatusEnumType.PermissionDenied);
        assertThat(HttpUploader.statusFor(401)).isEqualTo(UploadLogStatusEnumType.PermissionDenied);
        assertThat(HttpUploader.statusFor(405)).isEqualTo(UploadLogStatusEnumType.NotSupportedOperation);
        assertThat(HttpUploader.statusFor(404)).isEqualTo(UploadLogStatusEnumType.UploadFailure);
        assertThat(HttpUploader.statusFor(500)).isEqualTo(UploadLogStatusEnumType.UploadFailure);
        assertThat(FtpUploader.statusFor(530)).isEqualTo(UploadLogStatusEnumType.PermissionDenied);
        assertThat(FtpUploader.statusFor(550)).isEqualTo(UploadLogStatusEnumType.UploadFailure);
        assertThat(FtpUploader.statusFor(502)).isEqualTo(UploadLogStatusEnumType.NotSupportedOperation);
    }
}
