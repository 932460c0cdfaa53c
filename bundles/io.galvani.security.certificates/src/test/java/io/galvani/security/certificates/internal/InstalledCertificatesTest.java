package io.galvani.security.certificates.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.galvani.ocpp.model.messages.DeleteCertificateResponse;
import io.galvani.ocpp.model.messages.GetInstalledCertificateIdsResponse;
import io.galvani.ocpp.model.types.CertificateHashDataChainType;
import io.galvani.ocpp.model.types.CertificateHashDataType;
import io.galvani.ocpp.model.types.DeleteCertificateStatusEnumType;
import io.galvani.ocpp.model.types.GetCertificateIdUseEnumType;
import io.galvani.ocpp.model.types.GetInstalledCertificateStatusEnumType;
import io.galvani.ocpp.model.types.HashAlgorithmEnumType;
import io.galvani.ocpp.model.types.InstallCertificateUseEnumType;
import io.galvani.security.certificates.internal.TestPki.Issued;

/**
 * M03 Retrieve list of available certificates (M03.FR.01–05; TC_M_12–19) and M04 Delete a specific certificate
 * (M04.FR.01–06; TC_M_20, TC_M_22, TC_M_23; PICS AQ-1 No).
 */
class InstalledCertificatesTest {
    @TempDir
    Path tmp;

    private final Issued csmsRoot = TestPki.root("CSMS Root");
    private final Issued manufacturerRoot = TestPki.root("Manufacturer Root");

    private TestStation station() {
        TestStation s = new TestStation(tmp).start();
        s.install(InstallCertificateUseEnumType.CSMSRootCertificate, csmsRoot.pem());
        s.install(InstallCertificateUseEnumType.ManufacturerRootCertificate, manufacturerRoot.pem());
        return s;
    }

    private static CertificateHashDataType sha256(Issued certificate, Issued issuer) {
        return CertificateHashes.of(certificate.certificate(), issuer.certificate(), HashAlgorithmEnumType.SHA256);
    }

    @Test
    void M03_FR_03_TC_M_12_oneType_givesTheHashDataOfItsCertificates() {
        TestStation station = station();

        GetInstalledCertificateIdsResponse response = station.installedIds(GetCertificateIdUseEnumType.CSMSRootCertificate);

        assertThat(response.status()).isEqualTo(GetInstalledCertificateStatusEnumType.Accepted);
        assertThat(response.certificateHashDataChain()).containsExactly(
                CertificateHashDataChainType.of(GetCertificateIdUseEnumType.CSMSRootCertificate, sha256(csmsRoot, csmsRoot)));
    }

    @Test
    void M03_TC_M_17_TC_M_18_severalTypesOrAll() {
        TestStation station = station();

        GetInstalledCertificateIdsResponse two = station.installedIds(GetCertificateIdUseEnumType.ManufacturerRootCertificate,
                GetCertificateIdUseEnumType.CSMSRootCertificate);
        GetInstalledCertificateIdsResponse all = station.installedIds();

        assertThat(two.certificateHashDataChain()).extracting(CertificateHashDataChainType::certificateType)
                .containsExactly(GetCertificateIdUseEnumType.ManufacturerRootCertificate,
                        GetCertificateIdUseEnumType.CSMSRootCertificate);
        assertThat(all.certificateHashDataChain()).extracting(CertificateHashDataChainType::certificateHashData)
                .containsExactlyInAnyOrder(sha256(csmsRoot, csmsRoot), sha256(manufacturerRoot, manufacturerRoot));
    }

    @Test
    void M03_FR_02_TC_M_19_noCertificateOfTheType_isNotFound() {
        TestStation station = station();

        GetInstalledCertificateIdsResponse response = station.installedIds(GetCertificateIdUseEnumType.MORootCertificate);

        assertThat(response.status()).isEqualTo(GetInstalledCertificateStatusEnumType.NotFound);
        assertThat(response.certificateHashDataChain()).isNull();
    }

    @Test
    void M03_emptyStore_isNotFoundForAll() {
        assertThat(new TestStation(tmp).start().installedIds().status())
                .isEqualTo(GetInstalledCertificateStatusEnumType.NotFound);
    }

    @Test
    void M03_expiredRoots_areStillListed_soTheCsmsCanDeleteThem() {
        TestStation station = station();
        station.advance(java.time.Duration.ofDays(3651)); // TestPki roots end 3650 days after NOW

        assertThat(station.service.roots(GetCertificateIdUseEnumType.CSMSRootCertificate)).isEmpty();
        assertThat(station.installedIds(GetCertificateIdUseEnumType.CSMSRootCertificate).status())
                .isEqualTo(GetInstalledCertificateStatusEnumType.Accepted);
    }

    @Test
    void M03_FR_05_TC_M_15_v2gChain_subCasAreChildrenOfTheLeaf() throws Exception {
        Issued v2gRoot = TestPki.root("V2G Root");
        Issued subCa1 = TestPki.intermediate("CPO Sub-CA 1", v2gRoot);
        Issued subCa2 = TestPki.intermediate("CPO Sub-CA 2", subCa1);
        Issued secc = TestPki.leaf("SECC-1", TestPki.ec().getPublic(), subCa2);
        TestStation station = station();
        station.install(InstallCertificateUseEnumType.V2GRootCertificate, v2gRoot.pem());
        station.service.storeV2gChain(List.of(secc.certificate(), subCa2.certificate(), subCa1.certificate()));

        GetInstalledCertificateIdsResponse response = station.installedIds(GetCertificateIdUseEnumType.V2GCertificateChain);

        assertThat(response.status()).isEqualTo(GetInstalledCertificateStatusEnumType.Accepted);
        assertThat(response.certificateHashDataChain()).singleElement().satisfies(entry -> {
            assertThat(entry.certificateType()).isEqualTo(GetCertificateIdUseEnumType.V2GCertificateChain);
            assertThat(entry.certificateHashData()).isEqualTo(sha256(secc, subCa2));
            // the top sub-CA is issued by the installed V2G root, which is not part of the chain (M03 remark)
            assertThat(entry.childCertificateHashData()).containsExactly(sha256(subCa2, subCa1), sha256(subCa1, v2gRoot));
        });
        assertThat(station.service.state().entries()).as("3 roots + 3 chain certificates").isEqualTo(6);
    }

    @Test
    void M04_FR_02_TC_M_20_deleteByHashData_isAccepted_andGoneAfterARestart() {
        TestStation station = station();
        CertificateHashDataType reported = station.installedIds(GetCertificateIdUseEnumType.ManufacturerRootCertificate)
                .certificateHashDataChain().get(0).certificateHashData();

        DeleteCertificateResponse response = station.delete(reported);
        station.restart();

        assertThat(response.status()).isEqualTo(DeleteCertificateStatusEnumType.Accepted);
        assertThat(station.installedIds(GetCertificateIdUseEnumType.ManufacturerRootCertificate).status())
                .isEqualTo(GetInstalledCertificateStatusEnumType.NotFound);
        assertThat(station.service.state().roots()).hasSize(1);
    }

    @Test
    void M04_deletion_isReportedAsReconfigurationOfSecurityParameters() {
        TestStation station = station();
        station.events.clear();

        station.delete(sha256(manufacturerRoot, manufacturerRoot));

        assertThat(station.events).singleElement().asString()
                .startsWith("ReconfigurationOfSecurityParameters: ManufacturerRootCertificate deleted: ");
    }

    @Test
    void M04_hashDataInUpperCaseWithLeadingZeroes_andSha512_stillFindTheCertificate() {
        TestStation station = station();
        CertificateHashDataType sha512 = CertificateHashes.of(manufacturerRoot.certificate(),
                manufacturerRoot.certificate(), HashAlgorithmEnumType.SHA512);
        CertificateHashDataType shouted = CertificateHashDataType.of(HashAlgorithmEnumType.SHA512,
                sha512.issuerNameHash().toUpperCase(), sha512.issuerKeyHash().toUpperCase(),
                "00" + sha512.serialNumber().toUpperCase());

        assertThat(station.delete(shouted).status()).isEqualTo(DeleteCertificateStatusEnumType.Accepted);
    }

    @Test
    void M04_FR_04_TC_M_22_unknownCertificate_isNotFound() {
        TestStation station = station();

        DeleteCertificateResponse response = station.delete(sha256(TestPki.root("Never installed"), csmsRoot));

        assertThat(response.status()).isEqualTo(DeleteCertificateStatusEnumType.NotFound);
        assertThat(station.service.state().roots()).hasSize(2);
    }

    @Test
    void M04_AQ_1_theLastCsmsRoot_cannotBeDeleted_butOneOfTwoCan() {
        TestStation station = station();
        Issued second = TestPki.root("Second CSMS Root");

        DeleteCertificateResponse last = station.delete(sha256(csmsRoot, csmsRoot));
        station.install(InstallCertificateUseEnumType.CSMSRootCertificate, second.pem());
        DeleteCertificateResponse oneOfTwo = station.delete(sha256(csmsRoot, csmsRoot));

        assertThat(last.status()).isEqualTo(DeleteCertificateStatusEnumType.Failed);
        assertThat(last.statusInfo().additionalInfo()).contains("last CSMSRootCertificate");
        assertThat(oneOfTwo.status()).isEqualTo(DeleteCertificateStatusEnumType.Accepted);
        assertThat(station.service.roots(GetCertificateIdUseEnumType.CSMSRootCertificate))
                .containsExactly(second.certificate());
    }

    @Test
    void M04_FR_06_TC_M_23_theChargingStationCertificate_cannotBeDeleted() throws Exception {
        Issued sub = TestPki.intermediate("CSO Sub-CA", csmsRoot);
        KeyPair keys = TestPki.ec();
        Issued stationCert = TestPki.leaf("GLV-0000000042", keys.getPublic(), sub);
        Path certFile = Files.writeString(tmp.resolve("station.pem"), TestPki.pem(stationCert, sub));
        Path keyFile = Files.writeString(tmp.resolve("station.key"), Pem.encode(keys.getPrivate()));
        TestStation station = new TestStation(tmp).with("stationCertificatePath", certFile.toString())
                .with("stationKeyPath", keyFile.toString()).start();
        station.install(InstallCertificateUseEnumType.CSMSRootCertificate, csmsRoot.pem());

        DeleteCertificateResponse response = station.delete(sha256(stationCert, sub));

        assertThat(response.status()).isEqualTo(DeleteCertificateStatusEnumType.Failed);
        assertThat(response.statusInfo().additionalInfo()).contains("M04.FR.06");
        assertThat(station.service.stationCredentials()).hasSize(1);
    }

    @Test
    void M04_FR_06_stationCertificateWhoseIssuerIsUnknown_isStillRecognised() throws Exception {
        Issued otherRoot = TestPki.root("Not installed");
        KeyPair keys = TestPki.ec();
        Issued stationCert = TestPki.leaf("GLV-0000000042", keys.getPublic(), otherRoot);
        Path certFile = Files.writeString(tmp.resolve("station.pem"), stationCert.pem());
        Path keyFile = Files.writeString(tmp.resolve("station.key"), Pem.encode(keys.getPrivate()));
        TestStation station = new TestStation(tmp).with("stationCertificatePath", certFile.toString())
                .with("stationKeyPath", keyFile.toString()).start();

        assertThat(station.delete(sha256(stationCert, otherRoot)).status()).isEqualTo(DeleteCertificateStatusEnumType.Failed);
    }

    @Test
    void M04_FR_08_deletingASubCaOfAV2gChain_deletesTheChain() throws Exception {
        Issued v2gRoot = TestPki.root("V2G Root");
        Issued subCa = TestPki.intermediate("CPO Sub-CA", v2gRoot);
        Issued secc = TestPki.leaf("SECC-1", TestPki.ec().getPublic(), subCa);
        TestStation station = station();
        station.service.storeV2gChain(List.of(secc.certificate(), subCa.certificate(), v2gRoot.certificate()));

        DeleteCertificateResponse response = station.delete(sha256(subCa, v2gRoot));

        assertThat(response.status()).isEqualTo(DeleteCertificateStatusEnumType.Accepted);
        assertThat(station.service.state().v2gChains()).isEmpty();
        assertThat(station.installedIds(GetCertificateIdUseEnumType.V2GCertificateChain).status())
                .isEqualTo(GetInstalledCertificateStatusEnumType.NotFound);
    }
}
