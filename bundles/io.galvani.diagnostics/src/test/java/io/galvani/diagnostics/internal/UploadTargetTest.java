package io.galvani.diagnostics.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import io.galvani.ocpp.model.types.UploadLogStatusEnumType;

class UploadTargetTest {

    @Test
    void ftpUrlWithCredentialsPortAndPath() throws Exception {
        UploadTarget t = UploadTarget.parse("ftp://user:pa%3Ass@ftp.example.com:2121/logs/cs1");
        assertThat(t.scheme()).isEqualTo("ftp");
        assertThat(t.host()).isEqualTo("ftp.example.com");
        assertThat(t.port()).isEqualTo(2121);
        assertThat(t.user()).isEqualTo("user");
        assertThat(t.password()).isEqualTo("pa:ss");
        assertThat(t.ftpDirectory()).isEqualTo("logs/cs1");
        assertThat(t.toString()).isEqualTo("ftp://***@ftp.example.com:2121/logs/cs1").doesNotContain("pa");
    }

    @Test
    void N01_FR17_unescapedAtInPasswordAsInTheSpecificationExample() throws Exception {
        UploadTarget t = UploadTarget.parse("http://username:password@d@csms.org/logs");
        assertThat(t.user()).isEqualTo("username");
        assertThat(t.password()).isEqualTo("password@d");
        assertThat(t.host()).isEqualTo("csms.org");
        assertThat(t.httpUri()).hasToString("http://csms.org/logs");
    }

    @Test
    void httpsWithQueryKeepsQueryForTheRequestButNotForLogs() throws Exception {
        UploadTarget t = UploadTarget.parse("HTTPS://bucket.example.com/up?X-Amz-Signature=abc123");
        assertThat(t.scheme()).isEqualTo("https");
        assertThat(t.secure()).isTrue();
        assertThat(t.httpUri()).hasToString("https://bucket.example.com/up?X-Amz-Signature=abc123");
        assertThat(t.redacted()).isEqualTo("https://bucket.example.com/up?***");
    }

    @Test
    void ipv6Host() throws Exception {
        UploadTarget t = UploadTarget.parse("http://[::1]:8080/x");
        assertThat(t.host()).isEqualTo("::1");
        assertThat(t.httpUri()).hasToString("http://[::1]:8080/x");
    }

    @Test
    void badLocationsAreRefusedWithoutEchoingSecrets() {
        assertThatThrownBy(() -> UploadTarget.parse("sftp://u:secret@host/x"))
                .isInstanceOf(UploadTarget.InvalidLocation.class).hasMessageContaining("sftp")
                .hasMessageNotContaining("secret");
        assertThatThrownBy(() -> UploadTarget.parse("not a url")).isInstanceOf(UploadTarget.InvalidLocation.class);
        assertThatThrownBy(() -> UploadTarget.parse("http://u:secret@/x")).isInstanceOf(UploadTarget.InvalidLocation.class)
                .hasMessageNotContaining("secret");
        assertThatThrownBy(() -> UploadTarget.parse("ftp://host:99999/x")).isInstanceOf(UploadTarget.InvalidLocation.class);
        assertThatThrownBy(() -> UploadTarget.parse("http://host/a b")).isInstanceOf(UploadTarget.InvalidLocation.class);
    }

    @Test
    void redactionOfRawLocations() {
        assertThat(Redaction.location("ftp://user:secret@host/dir")).isEqualTo("ftp://***@host/dir");
        assertThat(Redaction.location("http://username:password@d@csms.org/logs")).isEqualTo("http://***@csms.org/logs");
        assertThat(Redaction.location("https://h/p?sig=secret")).isEqualTo("https://h/p?***");
        assertThat(Redaction.text("530 Login as secret failed", "secret", null, "")).isEqualTo("530 Login as *** failed");
    }

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
