package io.galvani.security.certificates.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.galvani.ocpp.model.types.InstallCertificateUseEnumType;
import io.galvani.security.certificates.internal.TestPki.Issued;

/** The console: cert:list shows the store without key material, cert:renew starts a renewal. */
class CertificateCommandsTest {
    @TempDir
    Path tmp;

    @Test
    void list_showsRootsAndStationCertificate_neverTheKey() throws Exception {
        Issued root = TestPki.root("CSMS Root");
        KeyPair keys = TestPki.ec();
        Issued leaf = TestPki.leaf("GLV-0000000042", keys.getPublic(), root);
        TestStation station = new TestStation(tmp)
                .with("stationCertificatePath", Files.writeString(tmp.resolve("c.pem"), leaf.pem()).toString())
                .with("stationKeyPath", Files.writeString(tmp.resolve("k.pem"), Pem.encode(keys.getPrivate())).toString())
                .start();
        station.install(InstallCertificateUseEnumType.CSMSRootCertificate, root.pem());

        String text = new CertificateCommands(station.service).list();

        assertThat(text).contains("Certificates: 2 installed").contains("CSMSRootCertificate")
                .contains("CN=CSMS Root").contains("ChargingStationCertificate").contains("CN=GLV-0000000042")
                .contains("valid until").contains("Renewal: idle")
                .doesNotContain("PRIVATE").doesNotContain(Base64.getEncoder().encodeToString(keys.getPrivate().getEncoded())
                        .substring(0, 30));
    }

    @Test
    void renew_startsARenewal_orSaysWhatIsMissing() {
        TestStation station = new TestStation(tmp).start();

        String started = new CertificateCommands(station.service).renew();
        station.scheduler.runDue();

        assertThat(started).startsWith("Renewal started");
        assertThat(station.link.signCertificates()).hasSize(1);
        station.set("organizationName", "");
        assertThat(new CertificateCommands(station.service).renew()).startsWith("Cannot renew")
                .contains("OrganizationName");
    }
}
