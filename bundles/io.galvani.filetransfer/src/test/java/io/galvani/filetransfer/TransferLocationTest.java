package io.galvani.filetransfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TransferLocationTest {

    @Test
    void ftpUrlWithCredentialsPortAndPath() throws Exception {
        TransferLocation t = TransferLocation.parse("ftp://user:pa%3Ass@ftp.example.com:2121/logs/cs1");
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
        TransferLocation t = TransferLocation.parse("http://username:password@d@csms.org/logs");
        assertThat(t.user()).isEqualTo("username");
        assertThat(t.password()).isEqualTo("password@d");
        assertThat(t.host()).isEqualTo("csms.org");
        assertThat(t.httpUri()).hasToString("http://csms.org/logs");
    }

    @Test
    void httpsWithQueryKeepsQueryForTheRequestButNotForLogs() throws Exception {
        TransferLocation t = TransferLocation.parse("HTTPS://bucket.example.com/up?X-Amz-Signature=abc123");
        assertThat(t.scheme()).isEqualTo("https");
        assertThat(t.secure()).isTrue();
        assertThat(t.httpUri()).hasToString("https://bucket.example.com/up?X-Amz-Signature=abc123");
        assertThat(t.redacted()).isEqualTo("https://bucket.example.com/up?***");
    }

    @Test
    void ipv6Host() throws Exception {
        TransferLocation t = TransferLocation.parse("http://[::1]:8080/x");
        assertThat(t.host()).isEqualTo("::1");
        assertThat(t.httpUri()).hasToString("http://[::1]:8080/x");
    }

    @Test
    void badLocationsAreRefusedWithoutEchoingSecrets() {
        assertThatThrownBy(() -> TransferLocation.parse("sftp://u:secret@host/x"))
                .isInstanceOf(TransferLocation.InvalidLocation.class).hasMessageContaining("sftp")
                .hasMessageNotContaining("secret");
        assertThatThrownBy(() -> TransferLocation.parse("not a url")).isInstanceOf(TransferLocation.InvalidLocation.class);
        assertThatThrownBy(() -> TransferLocation.parse("http://u:secret@/x")).isInstanceOf(TransferLocation.InvalidLocation.class)
                .hasMessageNotContaining("secret");
        assertThatThrownBy(() -> TransferLocation.parse("ftp://host:99999/x")).isInstanceOf(TransferLocation.InvalidLocation.class);
        assertThatThrownBy(() -> TransferLocation.parse("http://host/a b")).isInstanceOf(TransferLocation.InvalidLocation.class);
    }

    @Test
    void redactionOfRawLocations() {
        assertThat(Redaction.location("ftp://user:secret@host/dir")).isEqualTo("ftp://***@host/dir");
        assertThat(Redaction.location("http://username:password@d@csms.org/logs")).isEqualTo("http://***@csms.org/logs");
        assertThat(Redaction.location("https://h/p?sig=secret")).isEqualTo("https://h/p?***");
        assertThat(Redaction.text("530 Login as secret failed", "secret", null, "")).isEqualTo("530 Login as *** failed");
    }
}
