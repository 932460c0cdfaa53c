package io.galvani.security.certificates.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.galvani.ocpp.model.messages.InstallCertificateResponse;
import io.galvani.ocpp.model.types.GetCertificateIdUseEnumType;
import io.galvani.ocpp.model.types.InstallCertificateStatusEnumType;
import io.galvani.ocpp.model.types.InstallCertificateUseEnumType;
import io.galvani.security.certificates.internal.TestPki.Issued;

/** M05 Install CA certificate: M05.FR.01–03/06/07/17; TC_M_01, TC_M_02, TC_M_07. */
class InstallCertificateTest {
    @TempDir
    Path tmp;
    TestStation station;

    @BeforeEach
    void start() {
        station = new TestStation(tmp).start();
    }

    @Test
    void M05_FR_02_csmsRoot_isInstalledAndATrustAnchor() {
        Issued root = TestPki.root("CSMS Root");

        InstallCertificateResponse response = station.install(InstallCertificateUseEnumType.CSMSRootCertificate, root.pem());

        assertThat(response.status()).isEqualTo(InstallCertificateStatusEnumType.Accepted);
        assertThat(response.statusInfo()).isNull();
        assertThat(station.service.roots(GetCertificateIdUseEnumType.CSMSRootCertificate))
                .containsExactly(root.certificate());
        assertThat(station.service.roots(GetCertificateIdUseEnumType.ManufacturerRootCertificate)).isEmpty();
        assertThat(station.service.state().entries()).isEqualTo(1);
        assertThat(station.events).containsExactly("ReconfigurationOfSecurityParameters: CSMSRootCertificate installed: "
                + root.certificate().getSubjectX500Principal().getName() + ", sha256 "
                + CertificateHashes.fingerprint(root.certificate()));
    }

    @Test
    void M05_everyUse_isKeptApart() {
        for (InstallCertificateUseEnumType use : InstallCertificateUseEnumType.values()) {
            assertThat(station.install(use, TestPki.root(use.value()).pem()).status())
                    .isEqualTo(InstallCertificateStatusEnumType.Accepted);
        }
        for (InstallCertificateUseEnumType use : InstallCertificateUseEnumType.values()) {
            assertThat(station.service.roots(GetCertificateIdUseEnumType.fromValue(use.value()))).singleElement()
                    .satisfies(c -> assertThat(c.getSubjectX500Principal().getName()).contains("CN=" + use.value()));
        }
        assertThat(station.service.roots(GetCertificateIdUseEnumType.V2GCertificateChain)).isEmpty();
    }

    @Test
    void M05_FR_07_TC_M_07_expiredRoot_isRejectedAndNotInstalled() {
        Issued expired = TestPki.certificate("CN=Expired Root").ca()
                .validity(TestPki.NOW.minus(Duration.ofDays(800)), TestPki.NOW.minus(Duration.ofDays(1))).issue();

        InstallCertificateResponse response = station.install(InstallCertificateUseEnumType.CSMSRootCertificate,
                expired.pem());

        assertThat(response.status()).isEqualTo(InstallCertificateStatusEnumType.Rejected);
        assertThat(response.statusInfo().reasonCode()).isEqualTo("InvalidCertificate");
        assertThat(response.statusInfo().additionalInfo()).contains("expired");
        assertThat(station.service.state().roots()).isEmpty();
        assertThat(station.events).isEmpty();
    }

    @Test
    void M05_FR_07_notYetValidRoot_isRejected() {
        Issued future = TestPki.certificate("CN=Future Root").ca()
                .validity(TestPki.NOW.plus(Duration.ofDays(1)), TestPki.NOW.plus(Duration.ofDays(800))).issue();

        InstallCertificateResponse response = station.install(InstallCertificateUseEnumType.CSMSRootCertificate,
                future.pem());

        assertThat(response.status()).isEqualTo(InstallCertificateStatusEnumType.Rejected);
        assertThat(response.statusInfo().additionalInfo()).contains("not valid before");
    }

    @Test
    void M05_FR_07_notPem_isRejectedWithAReason() {
        InstallCertificateResponse response = station.install(InstallCertificateUseEnumType.CSMSRootCertificate,
                "this is not a certificate");

        assertThat(response.status()).isEqualTo(InstallCertificateStatusEnumType.Rejected);
        assertThat(response.statusInfo().reasonCode()).isEqualTo("InvalidCertificate");
        assertThat(response.statusInfo().additionalInfo()).contains("no PEM certificate");
    }

    @Test
    void M05_FR_07_intermediateOrLeaf_isNotARoot_andRejected() {
        Issued root = TestPki.root("Some Root");
        Issued sub = TestPki.intermediate("Some Sub-CA", root);
        Issued leaf = TestPki.certificate("CN=Not a CA").issue();

        InstallCertificateResponse forSub = station.install(InstallCertificateUseEnumType.CSMSRootCertificate, sub.pem());
        InstallCertificateResponse forLeaf = station.install(InstallCertificateUseEnumType.CSMSRootCertificate, leaf.pem());

        assertThat(forSub.status()).isEqualTo(InstallCertificateStatusEnumType.Rejected);
        assertThat(forSub.statusInfo().additionalInfo()).contains("not a root certificate");
        assertThat(forLeaf.status()).isEqualTo(InstallCertificateStatusEnumType.Rejected);
        assertThat(forLeaf.statusInfo().additionalInfo()).contains("not a CA certificate");
    }

    @Test
    void M05_v1RootWithoutExtensions_isTakenAsACa() {
        Issued v1 = TestPki.certificate("CN=Old v1 Root").v1().issue();

        assertThat(station.install(InstallCertificateUseEnumType.ManufacturerRootCertificate, v1.pem()).status())
                .isEqualTo(InstallCertificateStatusEnumType.Accepted);
    }

    @Test
    void A00_FR_502_rootWithA1024BitRsaKey_isRejected() {
        Issued weak = TestPki.certificate("CN=Weak Root").keys(TestPki.rsa(1024)).ca().issue();

        InstallCertificateResponse response = station.install(InstallCertificateUseEnumType.CSMSRootCertificate, weak.pem());

        assertThat(response.status()).isEqualTo(InstallCertificateStatusEnumType.Rejected);
        assertThat(response.statusInfo().additionalInfo()).contains("1024-bit RSA key (at least 2048 bits)");
    }

    @Test
    void A00_FR_502_rsa2048Root_isAccepted() {
        Issued rsa = TestPki.certificate("CN=RSA Root").keys(TestPki.rsa(2048)).ca().issue();

        assertThat(station.install(InstallCertificateUseEnumType.CSMSRootCertificate, rsa.pem()).status())
                .isEqualTo(InstallCertificateStatusEnumType.Accepted);
    }

    @Test
    void M05_aBundleOfTwoCertificates_isRejected_oneAtATime() {
        String two = TestPki.pem(TestPki.root("One"), TestPki.root("Two"));

        InstallCertificateResponse response = station.install(InstallCertificateUseEnumType.CSMSRootCertificate, two);

        assertThat(response.status()).isEqualTo(InstallCertificateStatusEnumType.Rejected);
        assertThat(response.statusInfo().additionalInfo()).contains("holds 2 certificates");
    }

    @Test
    void M05_FR_17_sameCertificateAgain_isReplacedAndAccepted_notCountedTwice() {
        Issued root = TestPki.root("CSMS Root");
        station.install(InstallCertificateUseEnumType.CSMSRootCertificate, root.pem());

        InstallCertificateResponse again = station.install(InstallCertificateUseEnumType.CSMSRootCertificate, root.pem());

        assertThat(again.status()).isEqualTo(InstallCertificateStatusEnumType.Accepted);
        assertThat(station.service.state().entries()).isEqualTo(1);
        assertThat(station.service.roots(GetCertificateIdUseEnumType.CSMSRootCertificate)).hasSize(1);
    }

    @Test
    void M05_FR_06_maxLimitOfCertificateEntries_isRejected_butTheSameOneAgainStillReplaces() {
        station.set("maxCertificateEntries", 3);
        Issued first = TestPki.root("R1");
        station.install(InstallCertificateUseEnumType.CSMSRootCertificate, first.pem());
        station.install(InstallCertificateUseEnumType.CSMSRootCertificate, TestPki.root("R2").pem());
        station.install(InstallCertificateUseEnumType.ManufacturerRootCertificate, TestPki.root("R3").pem());

        InstallCertificateResponse fourth = station.install(InstallCertificateUseEnumType.CSMSRootCertificate,
                TestPki.root("R4").pem());
        InstallCertificateResponse firstAgain = station.install(InstallCertificateUseEnumType.CSMSRootCertificate,
                first.pem());

        assertThat(fourth.status()).isEqualTo(InstallCertificateStatusEnumType.Rejected);
        assertThat(fourth.statusInfo().reasonCode()).isEqualTo("OutOfStorage");
        assertThat(fourth.statusInfo().additionalInfo()).contains("CertificateEntries maxLimit 3");
        assertThat(firstAgain.status()).isEqualTo(InstallCertificateStatusEnumType.Accepted);
        assertThat(station.service.state().entries()).isEqualTo(3);
    }

    @Test
    void M05_FR_03_storageFailure_isFailed() throws Exception {
        // a file where the directory of the use should be: the write fails, whoever runs the test (even root)
        Path useDir = station.dir.resolve("ca").resolve("CSMSRootCertificate");
        Files.createDirectories(useDir.getParent());
        Files.writeString(useDir, "in the way");

        InstallCertificateResponse response = station.install(InstallCertificateUseEnumType.CSMSRootCertificate,
                TestPki.root("CSMS Root").pem());

        assertThat(response.status()).isEqualTo(InstallCertificateStatusEnumType.Failed);
        assertThat(response.statusInfo().reasonCode()).isEqualTo("InternalError");
        assertThat(station.service.state().roots()).isEmpty();
        assertThat(station.events).isEmpty();
    }

    @Test
    void installedRoots_surviveARestart_andOnlyValidOnesAreTrustAnchors() {
        Issued shortLived = TestPki.certificate("CN=Short").ca()
                .validity(TestPki.NOW.minus(Duration.ofDays(1)), TestPki.NOW.plus(Duration.ofDays(2))).issue();
        Issued longLived = TestPki.root("Long");
        station.install(InstallCertificateUseEnumType.CSMSRootCertificate, shortLived.pem());
        station.install(InstallCertificateUseEnumType.CSMSRootCertificate, longLived.pem());

        station.restart();
        station.advance(Duration.ofDays(3));

        assertThat(station.service.state().roots()).hasSize(2);
        assertThat(station.service.roots(GetCertificateIdUseEnumType.CSMSRootCertificate))
                .containsExactly(longLived.certificate());
    }
}
