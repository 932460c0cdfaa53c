package io.galvani.security.certificates.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.galvani.ocpp.testing.TestCall;
import io.galvani.ocpp.model.messages.CertificateSignedRequest;
import io.galvani.ocpp.model.messages.CertificateSignedResponse;
import io.galvani.ocpp.model.types.CertificateSignedStatusEnumType;
import io.galvani.ocpp.model.types.CertificateSigningUseEnumType;
import io.galvani.ocpp.model.types.GenericStatusEnumType;
import io.galvani.ocpp.model.types.InstallCertificateUseEnumType;
import io.galvani.ocpp.testing.OcppSchemas;
import io.galvani.security.api.StationCredentials;
import io.galvani.security.certificates.internal.TestPki.Issued;

/**
 * CertificateSigned (A02.FR.06–10/16/20, A03.FR.06–08, errata 2025-01 A02.FR.08/10/28/29; TC_A_11, TC_A_14) and
 * what the transport reports afterwards (connectedWith / refusedWith).
 */
class CertificateSignedTest {
    @TempDir
    Path tmp;

    private final Issued csmsRoot = TestPki.root("CSMS Root");
    private final Issued subCa = TestPki.intermediate("CSO Sub-CA", csmsRoot);
    private final KeyPair oldKeys = TestPki.ec();
    private final Issued oldCertificate = TestPki.leaf("GLV-0000000042", oldKeys.getPublic(), subCa);

    /** Provisioned with a certificate below the CSMS root, which is installed; a renewal is waiting (Accepted). */
    private TestStation renewing() throws Exception {
        TestStation station = new TestStation(tmp)
                .with("csmsRootCertificatePath", Files.writeString(tmp.resolve("root.pem"), csmsRoot.pem()).toString())
                .with("stationCertificatePath",
                        Files.writeString(tmp.resolve("station.pem"), TestPki.pem(oldCertificate, subCa)).toString())
                .with("stationKeyPath", Files.writeString(tmp.resolve("station.key"),
                        Pem.encode(oldKeys.getPrivate())).toString())
                .start();
        station.link.answer(GenericStatusEnumType.Accepted);
        station.trigger();
        station.events.clear();
        return station;
    }

    private static PublicKey pendingKey(TestStation station) {
        return station.pendingCsr().publicKey();
    }

    @Test
    void A02_FR_08_TC_A_11_validChain_isAccepted_triedFirst_andTheListenerHearsOfItAfterTheResponse() throws Exception {
        TestStation station = renewing();
        PendingCsr pending = station.pendingCsr();
        Issued renewed = TestPki.leaf("GLV-0000000042", pending.publicKey(), subCa);
        TestCall call = new TestCall("CertificateSigned");

        CertificateSignedResponse response = station.certificateSigned(TestPki.pem(renewed, subCa), call);
        station.scheduler.runDue();

        assertThat(response.status()).isEqualTo(CertificateSignedStatusEnumType.Accepted);
        List<StationCredentials> credentials = station.service.stationCredentials();
        assertThat(credentials).hasSize(2);
        assertThat(credentials.get(0).renewed()).isTrue();
        assertThat(credentials.get(0).chain()).containsExactly(renewed.certificate(), subCa.certificate());
        assertThat(credentials.get(0).key()).isEqualTo(pending.key());
        assertThat(credentials.get(1).certificate()).isEqualTo(oldCertificate.certificate());
        assertThat(station.pendingCsr()).as("the key pair is now the renewed certificate's").isNull();
        assertThat(station.renewedCalls).as("not before the response is on the wire").isEmpty();

        call.responded();
        station.scheduler.runDue();

        assertThat(station.renewedCalls).hasSize(1);
        assertThat(station.events).isEmpty();
    }

    @Test
    void A02_FR_07_TC_A_14_certificateForAnotherKey_isRejectedAndReported() throws Exception {
        TestStation station = renewing();
        Issued other = TestPki.leaf("GLV-0000000042", TestPki.ec().getPublic(), subCa);

        CertificateSignedResponse response = station.certificateSigned(TestPki.pem(other, subCa));

        assertThat(response.status()).isEqualTo(CertificateSignedStatusEnumType.Rejected);
        assertThat(response.statusInfo().reasonCode()).isEqualTo("InvalidCertificate");
        assertThat(station.events).singleElement().asString()
                .startsWith("InvalidChargingStationCertificate: ").contains("not for the key pair");
        assertThat(station.service.stationCredentials()).extracting(StationCredentials::certificate)
                .containsExactly(oldCertificate.certificate());
        assertThat(station.renewedCalls).isEmpty();
    }

    @Test
    void A02_FR_20_afterAnInvalidCertificate_noSignCertificateUntilTriggered() throws Exception {
        TestStation station = renewing();
        station.certificateSigned(TestPki.leaf("X", TestPki.ec().getPublic(), subCa).pem());

        station.advance(Duration.ofDays(2));

        assertThat(station.link.signCertificates()).hasSize(1);
        assertThat(station.service.renewal().blocked()).isTrue();
    }

    @Test
    void A02_FR_06_expiredCertificate_isRejected() throws Exception {
        TestStation station = renewing();
        Issued expired = TestPki.certificate("CN=GLV-0000000042").publicKey(pendingKey(station)).issuedBy(subCa)
                .validity(TestPki.NOW.minus(Duration.ofDays(30)), TestPki.NOW.minus(Duration.ofSeconds(1))).issue();

        CertificateSignedResponse response = station.certificateSigned(TestPki.pem(expired, subCa));

        assertThat(response.status()).isEqualTo(CertificateSignedStatusEnumType.Rejected);
        assertThat(response.statusInfo().additionalInfo()).contains("expired");
        assertThat(station.events).singleElement().asString().startsWith("InvalidChargingStationCertificate");
    }

    @Test
    void A02_FR_06_errata_certificateValidOnlyInTheFuture_isRejected() throws Exception {
        TestStation station = renewing();
        Issued future = TestPki.certificate("CN=GLV-0000000042").publicKey(pendingKey(station)).issuedBy(subCa)
                .validity(TestPki.NOW.plus(Duration.ofMinutes(5)), TestPki.NOW.plus(Duration.ofDays(365))).issue();

        CertificateSignedResponse response = station.certificateSigned(TestPki.pem(future, subCa));

        assertThat(response.status()).isEqualTo(CertificateSignedStatusEnumType.Rejected);
        assertThat(response.statusInfo().additionalInfo()).contains("not valid before");
    }

    @Test
    void A02_FR_06_expiredIntermediate_isRejected() throws Exception {
        TestStation station = renewing();
        Issued oldSub = TestPki.certificate("CN=Old Sub-CA,O=Test CSO").ca().issuedBy(csmsRoot)
                .validity(TestPki.NOW.minus(Duration.ofDays(400)), TestPki.NOW.minus(Duration.ofDays(1))).issue();
        Issued leaf = TestPki.leaf("GLV-0000000042", pendingKey(station), oldSub);

        assertThat(station.certificateSigned(TestPki.pem(leaf, oldSub)).statusInfo().additionalInfo())
                .contains("Old Sub-CA").contains("expired");
    }

    @Test
    void A02_FR_06_chainWhoseLeafIsNotIssuedByTheNext_isRejected() throws Exception {
        TestStation station = renewing();
        Issued otherSub = TestPki.intermediate("Other Sub-CA", csmsRoot);
        Issued leaf = TestPki.leaf("GLV-0000000042", pendingKey(station), otherSub);

        CertificateSignedResponse response = station.certificateSigned(TestPki.pem(leaf, subCa));

        assertThat(response.status()).isEqualTo(CertificateSignedStatusEnumType.Rejected);
        assertThat(response.statusInfo().additionalInfo()).contains("is not issued by the next certificate");
    }

    @Test
    void A02_FR_06_sameIssuerNameButAnotherKey_isRejected() throws Exception {
        TestStation station = renewing();
        Issued impostor = TestPki.certificate("CN=CSO Sub-CA,O=Test CSO").ca().issuedBy(csmsRoot).issue();
        Issued leaf = TestPki.leaf("GLV-0000000042", pendingKey(station), impostor);

        CertificateSignedResponse response = station.certificateSigned(TestPki.pem(leaf, subCa));

        assertThat(response.status()).isEqualTo(CertificateSignedStatusEnumType.Rejected);
    }

    @Test
    void A00_1_4_2_chainFromAnotherHierarchy_isRejected_whenACsmsRootIsInstalled() throws Exception {
        TestStation station = renewing();
        Issued foreignRoot = TestPki.root("Foreign Root");
        Issued foreignSub = TestPki.intermediate("Foreign Sub-CA", foreignRoot);
        Issued leaf = TestPki.leaf("GLV-0000000042", pendingKey(station), foreignSub);

        CertificateSignedResponse response = station.certificateSigned(TestPki.pem(leaf, foreignSub, foreignRoot));

        assertThat(response.status()).isEqualTo(CertificateSignedStatusEnumType.Rejected);
        assertThat(response.statusInfo().additionalInfo()).contains("not issued by an installed CSMSRootCertificate");
    }

    @Test
    void A00_1_4_2_pathValidation_refusesAnIntermediateThatIsNotACa() throws Exception {
        TestStation station = renewing();
        Issued notACa = TestPki.certificate("CN=Not a CA,O=Test CSO").issuedBy(csmsRoot).issue();
        Issued leaf = TestPki.leaf("GLV-0000000042", pendingKey(station), notACa);

        CertificateSignedResponse response = station.certificateSigned(TestPki.pem(leaf, notACa));

        assertThat(response.status()).isEqualTo(CertificateSignedStatusEnumType.Rejected);
        assertThat(response.statusInfo().additionalInfo()).contains("path validation failed");
    }

    @Test
    void A02_FR_06_leafWithoutItsIntermediate_isRejected_thePathDoesNotReachTheRoot() throws Exception {
        TestStation station = renewing();

        CertificateSignedResponse response = station.certificateSigned(
                TestPki.leaf("GLV-0000000042", pendingKey(station), subCa).pem());

        assertThat(response.status()).isEqualTo(CertificateSignedStatusEnumType.Rejected);
        assertThat(response.statusInfo().additionalInfo()).contains("not issued by an installed CSMSRootCertificate");
    }

    @Test
    void chainEndingWithTheInstalledRoot_isAccepted() throws Exception {
        TestStation station = renewing();
        Issued leaf = TestPki.leaf("GLV-0000000042", pendingKey(station), subCa);

        assertThat(station.certificateSigned(TestPki.pem(leaf, subCa, csmsRoot)).status())
                .isEqualTo(CertificateSignedStatusEnumType.Accepted);
    }

    @Test
    void leafSignedDirectlyByTheCsmsRoot_isAccepted() throws Exception {
        TestStation station = renewing();

        assertThat(station.certificateSigned(TestPki.leaf("GLV-0000000042", pendingKey(station), csmsRoot).pem())
                .status()).isEqualTo(CertificateSignedStatusEnumType.Accepted);
    }

    @Test
    void withoutAnyCsmsRoot_aConsistentChainIsAccepted() {
        TestStation station = new TestStation(tmp).start();
        station.link.answer(GenericStatusEnumType.Accepted);
        station.trigger();
        Issued leaf = TestPki.leaf("GLV-0000000042", station.pendingCsr().publicKey(), subCa);

        assertThat(station.certificateSigned(TestPki.pem(leaf, subCa, csmsRoot)).status())
                .isEqualTo(CertificateSignedStatusEnumType.Accepted);
        assertThat(station.service.stationCredentials()).singleElement()
                .satisfies(c -> assertThat(c.renewed()).isTrue());
    }

    @Test
    void A00_FR_502_intermediateWithA1024BitRsaKey_isRejected() throws Exception {
        TestStation station = renewing();
        Issued weakSub = TestPki.certificate("CN=Weak Sub-CA,O=Test CSO").keys(TestPki.rsa(1024)).ca()
                .issuedBy(csmsRoot).issue();
        Issued leaf = TestPki.leaf("GLV-0000000042", pendingKey(station), weakSub);

        CertificateSignedResponse response = station.certificateSigned(TestPki.pem(leaf, weakSub));

        assertThat(response.status()).isEqualTo(CertificateSignedStatusEnumType.Rejected);
        assertThat(response.statusInfo().additionalInfo()).contains("1024-bit RSA key");
    }

    @Test
    void A02_FR_16_chainLongerThanMaxCertificateChainSize_isRejected() throws Exception {
        TestStation station = renewing();
        station.set("maxCertificateChainSize", 1000);
        String chain = TestPki.pem(TestPki.leaf("GLV-0000000042", pendingKey(station), subCa), subCa);
        assertThat(chain.length()).isGreaterThan(1000);

        CertificateSignedResponse response = station.certificateSigned(chain);

        assertThat(response.status()).isEqualTo(CertificateSignedStatusEnumType.Rejected);
        assertThat(response.statusInfo().reasonCode()).isEqualTo("TooLargeElement");
        assertThat(response.statusInfo().additionalInfo()).contains("MaxCertificateChainSize 1000");
    }

    @Test
    void notPem_isRejectedAndReported() throws Exception {
        TestStation station = renewing();

        CertificateSignedResponse response = station.certificateSigned("-----BEGIN CERTIFICATE-----\nnope\n");

        assertThat(response.status()).isEqualTo(CertificateSignedStatusEnumType.Rejected);
        assertThat(station.events).singleElement().asString().startsWith("InvalidChargingStationCertificate");
    }

    @Test
    void withoutARenewalWaiting_aCertificateIsRejected() {
        TestStation station = new TestStation(tmp).start();

        CertificateSignedResponse response = station.certificateSigned(
                TestPki.leaf("GLV-0000000042", TestPki.ec().getPublic(), csmsRoot).pem());

        assertThat(response.status()).isEqualTo(CertificateSignedStatusEnumType.Rejected);
        assertThat(response.statusInfo().additionalInfo()).contains("no certificate signing request is waiting");
    }

    @Test
    void v2gCertificate_isRejectedWithoutASecurityEvent_andTheRenewalGoesOn() throws Exception {
        TestStation station = renewing();
        CertificateSignedRequest request = CertificateSignedRequest.of(
                TestPki.leaf("SECC", pendingKey(station), subCa).pem())
                .withCertificateType(CertificateSigningUseEnumType.V2GCertificate);
        OcppSchemas.requireValid("CertificateSignedRequest", request);

        CertificateSignedResponse response = station.certificateSigned(request, new TestCall("CertificateSigned"));

        assertThat(response.status()).isEqualTo(CertificateSignedStatusEnumType.Rejected);
        assertThat(response.statusInfo().reasonCode()).isEqualTo("UnsupportedParam");
        assertThat(station.events).isEmpty();
        assertThat(station.pendingCsr()).isNotNull();
    }

    @Test
    void certificateTypeAbsent_isTheChargingStationCertificate() throws Exception {
        TestStation station = renewing();
        CertificateSignedRequest request = CertificateSignedRequest.of(
                TestPki.pem(TestPki.leaf("GLV-0000000042", pendingKey(station), subCa), subCa));

        assertThat(station.certificateSigned(request, new TestCall("CertificateSigned")).status())
                .isEqualTo(CertificateSignedStatusEnumType.Accepted);
    }

    @Test
    void storageFailure_isRejectedWithoutSecurityEvent_andTheKeyIsKept() throws Exception {
        TestStation station = renewing();
        // a non-empty directory where the renewed file goes: the rename fails, whoever runs the test
        Files.createDirectories(station.dir.resolve("station").resolve("renewed.pem").resolve("x"));

        CertificateSignedResponse response = station.certificateSigned(
                TestPki.pem(TestPki.leaf("GLV-0000000042", pendingKey(station), subCa), subCa));

        assertThat(response.status()).isEqualTo(CertificateSignedStatusEnumType.Rejected);
        assertThat(response.statusInfo().reasonCode()).isEqualTo("InternalError");
        assertThat(station.events).isEmpty();
        assertThat(station.pendingCsr()).isNotNull();
        assertThat(station.service.stationCredentials()).hasSize(1);
    }

    // --- after the response: the transport tries the renewed certificate ---------------------------------------

    private StationCredentials accept(TestStation station) {
        Issued renewed = TestPki.leaf("GLV-0000000042", pendingKey(station), subCa);
        assertThat(station.certificateSigned(TestPki.pem(renewed, subCa)).status())
                .isEqualTo(CertificateSignedStatusEnumType.Accepted);
        station.events.clear();
        return station.service.stationCredentials().get(0);
    }

    @Test
    void A02_FR_10_connectedWithTheRenewed_promotesIt_andTheOldOneIsGone_alsoAfterARestart() throws Exception {
        TestStation station = renewing();
        StationCredentials renewed = accept(station);

        station.service.connectedWith(renewed);
        station.scheduler.runDue();

        assertThat(station.service.stationCredentials()).singleElement().satisfies(c -> {
            assertThat(c.id()).isEqualTo(renewed.id());
            assertThat(c.renewed()).isFalse();
        });
        assertThat(station.events).singleElement().asString().startsWith("ReconfigurationOfSecurityParameters");
        station.restart();
        assertThat(station.service.stationCredentials()).singleElement().satisfies(c -> {
            assertThat(c.id()).isEqualTo(renewed.id());
            assertThat(c.renewed()).isFalse();
            assertThat(CertificateChecks.keyMatches(c.key(), c.certificate().getPublicKey())).isTrue();
        });
        assertThat(Files.exists(station.dir.resolve("station").resolve("renewed.pem"))).isFalse();
    }

    @Test
    void promotion_isVisibleAtOnce_filesFollowOnTheComponentsThread() throws Exception {
        TestStation station = renewing();
        StationCredentials renewed = accept(station);

        station.service.connectedWith(renewed);

        assertThat(station.service.stationCredentials()).extracting(StationCredentials::id).containsExactly(renewed.id());
        assertThat(Files.exists(station.dir.resolve("station").resolve("renewed.pem"))).as("not yet").isTrue();
        station.scheduler.runDue();
        assertThat(Files.exists(station.dir.resolve("station").resolve("renewed.pem"))).isFalse();
    }

    @Test
    void A02_FR_28_29_refusedWithTheRenewed_discardsIt_keepsTheOld_andReports() throws Exception {
        TestStation station = renewing();
        StationCredentials renewed = accept(station);

        station.service.refusedWith(renewed);
        station.scheduler.runDue();
        station.restart();

        assertThat(station.service.stationCredentials()).singleElement()
                .satisfies(c -> assertThat(c.certificate()).isEqualTo(oldCertificate.certificate()));
        assertThat(station.events).singleElement().asString().startsWith("DiscardedRenewedClientCertificate: ")
                .contains(renewed.id());
    }

    @Test
    void refusedWithTheCertificateInUse_isOnlyAFailedAttempt() throws Exception {
        TestStation station = renewing();
        StationCredentials renewed = accept(station);
        StationCredentials old = station.service.stationCredentials().get(1);

        station.service.refusedWith(old);

        assertThat(station.service.stationCredentials()).extracting(StationCredentials::id)
                .containsExactly(renewed.id(), old.id());
        assertThat(station.events).isEmpty();
    }

    @Test
    void A02_FR_10_connectedWithTheOldOne_afterTheRenewedWasOffered_discardsTheRenewed() throws Exception {
        TestStation station = renewing();
        accept(station);
        StationCredentials old = station.service.stationCredentials().get(1); // the transport read the list

        station.service.connectedWith(old);
        station.scheduler.runDue();

        assertThat(station.service.stationCredentials()).extracting(StationCredentials::id).containsExactly(old.id());
        assertThat(station.events).singleElement().asString().startsWith("DiscardedRenewedClientCertificate");
    }

    @Test
    void connectedWithTheOldOne_forAConnectionSetUpBeforeTheRenewedCame_keepsTheRenewed() throws Exception {
        TestStation station = renewing();
        StationCredentials old = station.service.stationCredentials().get(0); // read before CertificateSigned
        Issued renewed = TestPki.leaf("GLV-0000000042", pendingKey(station), subCa);
        station.certificateSigned(TestPki.pem(renewed, subCa));

        station.service.connectedWith(old);

        assertThat(station.service.state().renewed()).isNotNull();
        assertThat(station.events).isEmpty();
    }

    @Test
    void renewedCertificate_survivesARestart_andIsStillTriedFirst() throws Exception {
        TestStation station = renewing();
        StationCredentials renewed = accept(station);

        station.restart();

        assertThat(station.service.stationCredentials()).extracting(StationCredentials::id, StationCredentials::renewed)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(renewed.id(), true),
                        org.assertj.core.groups.Tuple.tuple(CertificateHashes.fingerprint(oldCertificate.certificate()),
                                false));
    }

    @Test
    void installedCsmsRootsAreTheAnchor_notTheJdkTrustStore() throws Exception {
        TestStation station = new TestStation(tmp).start();
        station.install(InstallCertificateUseEnumType.CSMSRootCertificate, csmsRoot.pem());
        station.link.answer(GenericStatusEnumType.Accepted);
        station.trigger();
        Issued foreignRoot = TestPki.root("Foreign Root");

        assertThat(station.certificateSigned(
                TestPki.leaf("GLV-0000000042", station.pendingCsr().publicKey(), foreignRoot).pem()).status())
                .isEqualTo(CertificateSignedStatusEnumType.Rejected);
        assertThat(station.certificateSigned(
                TestPki.leaf("GLV-0000000042", station.pendingCsr().publicKey(), csmsRoot).pem()).status())
                .as("A02.FR.20 stops resending, not accepting").isEqualTo(CertificateSignedStatusEnumType.Accepted);
    }
}
