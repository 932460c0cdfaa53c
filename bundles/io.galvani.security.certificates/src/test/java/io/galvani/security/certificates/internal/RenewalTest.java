package io.galvani.security.certificates.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.List;

import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.galvani.ocpp.testing.TestCall;
import io.galvani.ocpp.api.OcppCallException;
import io.galvani.ocpp.api.OcppTimeoutException;
import io.galvani.ocpp.model.OcppErrorCode;
import io.galvani.ocpp.model.messages.SignCertificateRequest;
import io.galvani.ocpp.model.messages.TriggerMessageResponse;
import io.galvani.ocpp.model.types.CertificateSignedStatusEnumType;
import io.galvani.ocpp.model.types.CertificateSigningUseEnumType;
import io.galvani.ocpp.model.types.GenericStatusEnumType;
import io.galvani.ocpp.model.types.TriggerMessageStatusEnumType;
import io.galvani.security.certificates.internal.TestPki.Issued;

/**
 * A02 Update Charging Station Certificate by request of CSMS and A03 initiated by the Charging Station: the
 * trigger, the key pair and the CSR (A02.FR.02/03/13, A00.FR.501–512), the back-off without CertificateSigned
 * (A02.FR.17–19, TC_A_23), SignCertificateResponse Rejected (TC_A_15), the expiry check (A03.FR.02). All on
 * virtual time.
 */
class RenewalTest {
    /** BouncyCastle's own provider verifies the CSRs: independent of the JDK code that made them (never registered). */
    private static final BouncyCastleProvider BC = new BouncyCastleProvider();
    @TempDir
    Path tmp;

    private TestStation station() {
        return new TestStation(tmp).start();
    }

    private static PKCS10CertificationRequest csr(SignCertificateRequest request) {
        return TestPki.parseCsr(request.csr());
    }

    private static String rdn(X500Name name, org.bouncycastle.asn1.ASN1ObjectIdentifier type) {
        return IETFUtils.valueToString(name.getRDNs(type)[0].getFirst().getValue());
    }

    @Test
    void A02_FR_02_F06_FR_04_trigger_isAccepted_andTheCsrGoesOutOnlyAfterTheResponse() {
        TestStation station = station();
        TestCall call = new TestCall("TriggerMessage");

        TriggerMessageResponse response = station.triggerWithoutResponse(call);
        station.scheduler.runDue();

        assertThat(response.status()).isEqualTo(TriggerMessageStatusEnumType.Accepted);
        assertThat(station.link.sent).isEmpty();
        call.responded();
        station.scheduler.runDue();
        assertThat(station.link.sent).singleElement().satisfies(sent -> {
            assertThat(sent.triggered()).as("sent as the triggered message (B02.FR.02)").isTrue();
            assertThat(((SignCertificateRequest) sent.request()).certificateType())
                    .as("A02.FR.13").isEqualTo(CertificateSigningUseEnumType.ChargingStationCertificate);
        });
    }

    @Test
    void A02_FR_03_A00_FR_509_511_csr_isAPemPkcs10_signedWithTheNewKey_namingSerialAndOrganization() throws Exception {
        TestStation station = station();

        station.trigger();

        SignCertificateRequest request = station.link.signCertificates().get(0);
        assertThat(request.csr()).startsWith("-----BEGIN CERTIFICATE REQUEST-----\n")
                .endsWith("-----END CERTIFICATE REQUEST-----\n");
        PKCS10CertificationRequest csr = csr(request);
        assertThat(csr.isSignatureValid(new JcaContentVerifierProviderBuilder().setProvider(BC).build(csr.getSubjectPublicKeyInfo())))
                .as("proof of possession").isTrue();
        assertThat(rdn(csr.getSubject(), BCStyle.CN)).isEqualTo("GLV-0000000042");
        assertThat(rdn(csr.getSubject(), BCStyle.O)).isEqualTo("Test CSO");
        ECPublicKey key = (ECPublicKey) new JcaPKCS10CertificationRequest(csr).setProvider(BC).getPublicKey();
        assertThat(key.getParams().getCurve().getField().getFieldSize()).as("P-256, A00.FR.503").isEqualTo(256);
        assertThat(CertificateChecks.sameKey(key, station.pendingCsr().publicKey())).isTrue();
        Extensions requested = Extensions.getInstance(
                csr.getAttributes(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest)[0].getAttrValues().getObjectAt(0));
        assertThat(KeyUsage.fromExtensions(requested).hasUsages(KeyUsage.digitalSignature)).as("A00.FR.512").isTrue();
        assertThat(requested.getExtension(Extension.subjectAlternativeName)).as("A00.FR.511 note").isNull();
        assertThat(requested.getExtension(Extension.extendedKeyUsage)).as("A00.FR.514").isNull();
    }

    @Test
    void A02_FR_02_everyTrigger_generatesANewKeyPair() {
        TestStation station = station();

        station.trigger();
        station.trigger();

        List<SignCertificateRequest> sent = station.link.signCertificates();
        assertThat(sent).hasSize(2);
        assertThat(csr(sent.get(0)).getSubjectPublicKeyInfo()).isNotEqualTo(csr(sent.get(1)).getSubjectPublicKeyInfo());
    }

    @Test
    void A00_FR_502_rsaKeyType_givesA2048BitRsaKey() throws Exception {
        TestStation station = new TestStation(tmp).with("keyType", "RSA_2048").start();

        station.trigger();

        PKCS10CertificationRequest csr = csr(station.link.signCertificates().get(0));
        assertThat(((RSAPublicKey) new JcaPKCS10CertificationRequest(csr).setProvider(BC).getPublicKey()).getModulus().bitLength())
                .isEqualTo(2048);
        assertThat(csr.isSignatureValid(new JcaContentVerifierProviderBuilder().setProvider(BC).build(csr.getSubjectPublicKeyInfo())))
                .isTrue();
    }

    @Test
    void A02_prerequisite_withoutOrganizationName_theTriggerIsRejected() {
        TestStation station = new TestStation(tmp).with("organizationName", "").start();

        TriggerMessageResponse response = station.trigger();

        assertThat(response.status()).isEqualTo(TriggerMessageStatusEnumType.Rejected);
        assertThat(response.statusInfo().reasonCode()).isEqualTo("MissingDevModelInfo");
        assertThat(response.statusInfo().additionalInfo()).contains("OrganizationName");
        assertThat(station.link.sent).isEmpty();
    }

    @Test
    void A00_FR_511_withoutConfiguredSerial_theCnOfTheStationCertificateIsUsed() throws Exception {
        KeyPair keys = TestPki.ec();
        Issued root = TestPki.root("CSMS Root");
        Issued provisioned = TestPki.leaf("GLV-FACTORY-7", keys.getPublic(), root);
        TestStation station = new TestStation(tmp).with("serialNumber", "")
                .with("stationCertificatePath", Files.writeString(tmp.resolve("c.pem"), provisioned.pem()).toString())
                .with("stationKeyPath", Files.writeString(tmp.resolve("k.pem"), Pem.encode(keys.getPrivate())).toString())
                .start();

        station.trigger();

        assertThat(rdn(csr(station.link.signCertificates().get(0)).getSubject(), BCStyle.CN)).isEqualTo("GLV-FACTORY-7");
    }

    @Test
    void A00_FR_511_noSerialAnywhere_orAnIpAddress_isRejected() {
        TestStation none = new TestStation(tmp.resolve("a")).with("serialNumber", "").start();
        TestStation ip = new TestStation(tmp.resolve("b")).with("serialNumber", "192.168.1.7").start();

        assertThat(none.trigger().statusInfo().additionalInfo()).contains("serial number is not configured");
        assertThat(ip.trigger().statusInfo().additionalInfo()).contains("not a URL or IP address");
        assertThat(none.link.sent).isEmpty();
        assertThat(ip.link.sent).isEmpty();
    }

    @Test
    void TC_A_15_signCertificateRejected_nothingElseIsSent() {
        TestStation station = station();
        station.link.answer(GenericStatusEnumType.Rejected);

        station.trigger();
        station.advance(Duration.ofDays(2));

        assertThat(station.link.signCertificates()).hasSize(1);
        assertThat(station.service.renewal().blocked()).isTrue();
    }

    @Test
    void A02_FR_17_18_TC_A_23_noCertificateSigned_theSameCsrIsSentAgainAfterTheWait_thenAfterTwiceTheWait() {
        TestStation station = station();
        station.set("certSigningWaitMinimumSeconds", 30);
        station.set("certSigningRepeatTimes", 1);
        station.link.answer(GenericStatusEnumType.Accepted);

        station.trigger();
        String first = station.link.signCertificates().get(0).csr();
        station.advance(Duration.ofSeconds(29));
        assertThat(station.link.signCertificates()).as("not before CertSigningWaitMinimum").hasSize(1);
        station.advance(Duration.ofSeconds(1));
        assertThat(station.link.signCertificates()).hasSize(2);
        station.advance(Duration.ofSeconds(59));
        assertThat(station.link.signCertificates()).as("not before twice the wait").hasSize(2);
        station.advance(Duration.ofSeconds(1));
        assertThat(station.link.signCertificates()).hasSize(3);
        station.advance(Duration.ofDays(1));

        // A02.FR.19: after CertSigningRepeatTimes doublings the station waits for a TriggerMessage
        assertThat(station.link.signCertificates()).hasSize(3)
                .allSatisfy(r -> assertThat(r.csr()).as("A02.FR.17: for the same CSR").isEqualTo(first));
        assertThat(station.link.sent.subList(1, 3)).noneMatch(FakeLink.Sent::triggered);
        // TC_A_23 step 11: the certificate for the CSR of step 3 still comes, and is taken
        Issued root = TestPki.root("CSMS Root");
        Issued leaf = TestPki.leaf("GLV-0000000042", station.pendingCsr().publicKey(), root);
        assertThat(station.certificateSigned(leaf.pem()).status()).isEqualTo(CertificateSignedStatusEnumType.Accepted);
    }

    @Test
    void A02_FR_18_defaultRepeatTimes3_waits30_60_120_240Seconds() {
        TestStation station = station();
        station.link.answer(GenericStatusEnumType.Accepted);

        station.trigger();
        station.advance(Duration.ofSeconds(30 + 60 + 120 + 240));
        station.advance(Duration.ofDays(1));

        assertThat(station.link.signCertificates()).hasSize(5);
        assertThat(station.service.renewal().blocked()).isTrue();
    }

    @Test
    void A02_FR_17_aCertificateSigned_endsTheResends() {
        TestStation station = station();
        station.link.answer(GenericStatusEnumType.Accepted);
        station.trigger();
        Issued root = TestPki.root("CSMS Root");

        station.certificateSigned(TestPki.leaf("GLV-0000000042", station.pendingCsr().publicKey(), root).pem());
        station.advance(Duration.ofDays(1));

        assertThat(station.link.signCertificates()).hasSize(1);
        assertThat(station.service.renewal().active()).isFalse();
    }

    @Test
    void signCertificateWithoutAnswer_timeout_isSentAgainOnTheSameSchedule() {
        TestStation station = station();
        station.link.fail(new OcppTimeoutException("no answer within MessageTimeout"));

        station.trigger();
        station.advance(Duration.ofSeconds(30));

        assertThat(station.link.signCertificates()).hasSize(2);
    }

    @Test
    void signCertificateAnsweredWithCallError_stops() {
        TestStation station = station();
        station.link.fail(new OcppCallException(OcppErrorCode.NotImplemented, "no CA here"));

        station.trigger();
        station.advance(Duration.ofDays(1));

        assertThat(station.link.signCertificates()).hasSize(1);
    }

    @Test
    void A02_FR_19_aNewTrigger_startsAgain_withANewKeyAndAFreshCount() {
        TestStation station = station();
        station.set("certSigningRepeatTimes", 0);
        station.link.answer(GenericStatusEnumType.Accepted);
        station.trigger();
        station.advance(Duration.ofDays(1));
        assertThat(station.link.signCertificates()).hasSize(2);

        station.trigger();
        station.advance(Duration.ofSeconds(30));

        List<SignCertificateRequest> sent = station.link.signCertificates();
        assertThat(sent).hasSize(4);
        assertThat(sent.get(2).csr()).isNotEqualTo(sent.get(0).csr()).isEqualTo(sent.get(3).csr());
    }

    @Test
    void pendingCsr_survivesARestart_soALateCertificateIsStillTaken() {
        TestStation station = station();
        station.trigger();
        java.security.PublicKey key = station.pendingCsr().publicKey();

        station.restart();

        assertThat(CertificateChecks.sameKey(station.pendingCsr().publicKey(), key)).isTrue();
        Issued leaf = TestPki.leaf("GLV-0000000042", key, TestPki.root("CSMS Root"));
        assertThat(station.certificateSigned(leaf.pem()).status()).isEqualTo(CertificateSignedStatusEnumType.Accepted);
        assertThat(station.service.stationCredentials().get(0).key().getAlgorithm()).isEqualTo("EC");
    }

    // --- A03 -------------------------------------------------------------------------------------------------

    /** A station provisioned with a certificate that expires {@code days} after NOW. */
    private TestStation expiringIn(long days, Object... config) throws Exception {
        KeyPair keys = TestPki.ec();
        Issued root = TestPki.root("CSMS Root");
        Issued leaf = TestPki.certificate("CN=GLV-0000000042,O=Test CSO").publicKey(keys.getPublic()).issuedBy(root)
                .validity(TestPki.NOW.minus(Duration.ofDays(300)), TestPki.NOW.plus(Duration.ofDays(days))).issue();
        TestStation s = new TestStation(tmp)
                .with("stationCertificatePath", Files.writeString(tmp.resolve("c.pem"), leaf.pem()).toString())
                .with("stationKeyPath", Files.writeString(tmp.resolve("k.pem"), Pem.encode(keys.getPrivate())).toString());
        for (int i = 0; i < config.length; i += 2) {
            s.with((String) config[i], config[i + 1]);
        }
        return s.start();
    }

    @Test
    void A03_FR_02_certificateExpiringWithinAMonth_isRenewedByTheStationAfterStart() throws Exception {
        TestStation station = expiringIn(20);

        station.advance(CertificateService.FIRST_EXPIRY_CHECK.minusSeconds(1));
        assertThat(station.link.sent).isEmpty();
        station.advance(Duration.ofSeconds(1));

        assertThat(station.link.sent).singleElement().satisfies(s -> assertThat(s.triggered()).isFalse());
        assertThat(station.link.signCertificates().get(0).certificateType())
                .isEqualTo(CertificateSigningUseEnumType.ChargingStationCertificate);
    }

    @Test
    void A03_FR_02_theDailyCheck_startsTheRenewalWhenTheMonthBegins() throws Exception {
        TestStation station = expiringIn(40);

        station.advance(Duration.ofDays(9));
        assertThat(station.link.sent).isEmpty();
        station.advance(Duration.ofDays(2));

        assertThat(station.link.signCertificates()).hasSize(1);
    }

    @Test
    void A03_renewBeforeExpiryDays0_neverRenewsByItself() throws Exception {
        TestStation station = expiringIn(5, "renewBeforeExpiryDays", 0);

        station.advance(Duration.ofDays(3));

        assertThat(station.link.sent).isEmpty();
    }

    @Test
    void A03_FR_19_afterTheLastRequest_theDailyCheckDoesNotStartAgain_butATriggerDoes() throws Exception {
        TestStation station = expiringIn(20, "certSigningRepeatTimes", 0);
        station.link.answer(GenericStatusEnumType.Accepted);

        station.advance(Duration.ofDays(3));
        assertThat(station.link.signCertificates()).as("request, one resend after 30 s, then nothing").hasSize(2);
        station.trigger();

        assertThat(station.link.signCertificates()).hasSize(3);
    }

    @Test
    void A03_noStationCertificate_nothingToRenew() {
        TestStation station = station();

        station.advance(Duration.ofDays(2));

        assertThat(station.link.sent).isEmpty();
    }
}
