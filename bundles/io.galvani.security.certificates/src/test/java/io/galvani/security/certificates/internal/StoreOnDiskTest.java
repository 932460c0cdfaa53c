package io.galvani.security.certificates.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.galvani.hal.sim.testing.Configs;
import io.galvani.hal.sim.testing.VirtualScheduler;
import io.galvani.ocpp.model.types.GenericStatusEnumType;
import io.galvani.ocpp.model.types.GetCertificateIdUseEnumType;
import io.galvani.ocpp.model.types.HashAlgorithmEnumType;
import io.galvani.ocpp.model.types.InstallCertificateUseEnumType;
import io.galvani.security.api.StationCredentials;
import io.galvani.security.certificates.internal.TestPki.Issued;

/**
 * The store on disk: owner-only modes (0700 / 0600, set at creation), no temporary files left, format version,
 * what survives a restart or a power cut, provisioning import (once per content), and no key material in logs.
 */
class StoreOnDiskTest {
    @TempDir
    Path tmp;

    private final Issued csmsRoot = TestPki.root("CSMS Root");
    private final KeyPair stationKeys = TestPki.ec();
    private final Issued stationCertificate = TestPki.leaf("GLV-0000000042", stationKeys.getPublic(), csmsRoot);

    private TestStation provisioned() throws Exception {
        return new TestStation(tmp)
                .with("csmsRootCertificatePath", Files.writeString(tmp.resolve("root.pem"), csmsRoot.pem()).toString())
                .with("stationCertificatePath",
                        Files.writeString(tmp.resolve("station.pem"), stationCertificate.pem()).toString())
                .with("stationKeyPath", Files.writeString(tmp.resolve("station.key"),
                        Pem.encode(stationKeys.getPrivate())).toString());
    }

    private static List<Path> tree(Path dir) throws Exception {
        try (Stream<Path> paths = Files.walk(dir)) {
            return paths.toList();
        }
    }

    @Test
    void everyDirectoryIs0700_everyFileIs0600() throws Exception {
        assumeTrue(StoreFiles.POSIX, "POSIX file permissions");
        TestStation station = provisioned().start();
        station.install(InstallCertificateUseEnumType.ManufacturerRootCertificate, TestPki.root("M").pem());
        station.link.answer(GenericStatusEnumType.Accepted);
        station.trigger();

        List<Path> paths = tree(station.dir);
        assertThat(paths).anySatisfy(p -> assertThat(p).hasFileName("current.pem"))
                .anySatisfy(p -> assertThat(p).hasFileName("csr.pem"));
        for (Path p : paths) {
            String mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
            assertThat(mode).as(p.toString()).isEqualTo(Files.isDirectory(p) ? "rwx------" : "rw-------");
        }
        assertThat(paths).noneMatch(p -> p.toString().endsWith(StoreFiles.TMP_SUFFIX));
    }

    @Test
    void anExistingStoreDirectoryOpenToOthers_isNarrowedToOwnerOnly() throws Exception {
        assumeTrue(StoreFiles.POSIX, "POSIX file permissions");
        Path dir = Files.createDirectories(tmp.resolve("security"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));

        new TestStation(tmp).start();

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
    }

    @Test
    void atomicWrite_createsTheFileOwnerOnly_beforeAnyByteIsInIt_andReplacesWhole() throws Exception {
        Path file = tmp.resolve("a").resolve("key.pem");

        StoreFiles.write(file, "first");
        StoreFiles.write(file, "second");

        assertThat(Files.readString(file)).isEqualTo("second");
        assertThat(tree(tmp.resolve("a"))).containsExactlyInAnyOrder(tmp.resolve("a"), file);
        if (StoreFiles.POSIX) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        }
    }

    @Test
    void provisioning_copiesCertificateAndKeyIntoTheStore_andTheCsmsRoot() throws Exception {
        TestStation station = provisioned().start();

        assertThat(station.service.roots(GetCertificateIdUseEnumType.CSMSRootCertificate))
                .containsExactly(csmsRoot.certificate());
        StationCredentials credentials = station.service.stationCredentials().get(0);
        assertThat(credentials.certificate()).isEqualTo(stationCertificate.certificate());
        assertThat(credentials.key().getEncoded()).isEqualTo(stationKeys.getPrivate().getEncoded());
        assertThat(credentials.renewed()).isFalse();
        assertThat(credentials.id()).isEqualTo(CertificateHashes.fingerprint(stationCertificate.certificate()));
        assertThat(Files.readString(station.dir.resolve("station").resolve("current.pem")))
                .contains("BEGIN PRIVATE KEY").contains("BEGIN CERTIFICATE");
        assertThat(station.events).hasSize(2).allSatisfy(e -> assertThat(e).startsWith("ReconfigurationOfSecurityParameters"));
    }

    @Test
    void provisioning_configurationArrivingAfterActivation_isImportedThen() throws Exception {
        TestStation station = new TestStation(tmp).start();
        Files.writeString(tmp.resolve("root.pem"), csmsRoot.pem());

        station.set("csmsRootCertificatePath", tmp.resolve("root.pem").toString());

        assertThat(station.service.roots(GetCertificateIdUseEnumType.CSMSRootCertificate))
                .containsExactly(csmsRoot.certificate());
    }

    @Test
    void provisioning_isImportedOncePerContent_aDeletedRootDoesNotComeBack_aNewFileIsTaken() throws Exception {
        TestStation station = provisioned().start();
        Issued second = TestPki.root("Second");
        station.install(InstallCertificateUseEnumType.CSMSRootCertificate, second.pem());
        station.delete(CertificateHashes.of(csmsRoot.certificate(), csmsRoot.certificate(), HashAlgorithmEnumType.SHA256));

        station.restart();
        assertThat(station.service.roots(GetCertificateIdUseEnumType.CSMSRootCertificate))
                .containsExactly(second.certificate());

        Issued third = TestPki.root("Third");
        Files.writeString(tmp.resolve("root.pem"), third.pem());
        station.restart();
        assertThat(station.service.roots(GetCertificateIdUseEnumType.CSMSRootCertificate))
                .containsExactlyInAnyOrder(second.certificate(), third.certificate());
    }

    @Test
    void provisioning_doesNotUndoARenewal_atTheNextStart() throws Exception {
        TestStation station = provisioned().start();
        station.link.answer(GenericStatusEnumType.Accepted);
        station.trigger();
        station.certificateSigned(TestPki.leaf("GLV-0000000042", station.pendingCsr().publicKey(), csmsRoot).pem());
        StationCredentials renewed = station.service.stationCredentials().get(0);
        station.service.connectedWith(renewed);

        station.restart();

        assertThat(station.service.stationCredentials()).extracting(StationCredentials::id).containsExactly(renewed.id());
    }

    @Test
    void provisioning_keyOfAnotherCertificate_isNotImported_andTheLogNamesTheAttribute() throws Exception {
        Files.writeString(tmp.resolve("other.key"), Pem.encode(TestPki.ec().getPrivate()));
        try (LogCapture log = new LogCapture()) {
            TestStation station = provisioned().with("stationKeyPath", tmp.resolve("other.key").toString()).start();

            assertThat(station.service.stationCredentials()).isEmpty();
            assertThat(log.all()).anySatisfy(line -> assertThat(line).contains("stationKeyPath")
                    .contains("does not belong"));
        }
    }

    @Test
    void provisioning_certificateWithoutKey_isNotImported() throws Exception {
        try (LogCapture log = new LogCapture()) {
            TestStation station = provisioned().with("stationKeyPath", "").start();

            assertThat(station.service.stationCredentials()).isEmpty();
            assertThat(log.all()).anySatisfy(line -> assertThat(line).contains("stationKeyPath"));
        }
    }

    @Test
    void keyMaterial_neverReachesTheLog() throws Exception {
        try (LogCapture log = new LogCapture()) {
            TestStation station = provisioned().start();
            station.link.answer(GenericStatusEnumType.Accepted);
            station.trigger();
            PendingCsr pending = station.pendingCsr();
            station.certificateSigned(TestPki.leaf("GLV-0000000042", pending.publicKey(), csmsRoot).pem());
            station.service.connectedWith(station.service.stationCredentials().get(0));
            station.scheduler.runDue();
            station.restart();
            // a broken key file is reported without its content
            Files.writeString(tmp.resolve("station.key"), "-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49\n");
            Files.writeString(tmp.resolve("station.pem"), TestPki.leaf("GLV-2", TestPki.ec().getPublic(), csmsRoot).pem());
            station.restart();

            String everything = String.join("\n", log.all());
            assertThat(everything).isNotEmpty().doesNotContain("PRIVATE KEY").doesNotContain("MIGHAgEAMBMGByqGSM49");
            for (byte[] key : List.of(stationKeys.getPrivate().getEncoded(), pending.key().getEncoded())) {
                assertThat(everything).doesNotContain(Base64.getEncoder().encodeToString(key).substring(0, 40));
            }
            assertThat(pending.toString()).doesNotContain(Base64.getEncoder().encodeToString(pending.key().getEncoded()));
            assertThat(station.service.stationCredentials().get(0).toString()).doesNotContain("key=");
        }
    }

    @Test
    void aFileThatCannotBeRead_isSkipped_theRestIsLoaded() throws Exception {
        TestStation station = new TestStation(tmp).start();
        station.install(InstallCertificateUseEnumType.CSMSRootCertificate, csmsRoot.pem());
        Path broken = station.dir.resolve("ca").resolve("CSMSRootCertificate").resolve("broken.pem");
        Files.writeString(broken, "-----BEGIN CERTIFICATE-----\ngarbage\n-----END CERTIFICATE-----\n");

        station.restart();

        assertThat(station.service.state().roots()).hasSize(1);
        assertThat(broken).exists();
    }

    @Test
    void aPromotionCutShortByAPowerCut_isFinishedAtTheNextStart() throws Exception {
        TestStation station = provisioned().start();
        station.link.answer(GenericStatusEnumType.Accepted);
        station.trigger();
        station.certificateSigned(TestPki.leaf("GLV-0000000042", station.pendingCsr().publicKey(), csmsRoot).pem());
        Path stationDir = station.dir.resolve("station");
        // the power went after the new current file was written, before renewed.pem was deleted
        Files.copy(stationDir.resolve("renewed.pem"), stationDir.resolve("current.pem"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);

        station.restart();

        assertThat(station.service.stationCredentials()).singleElement()
                .satisfies(c -> assertThat(c.renewed()).isFalse());
        assertThat(stationDir.resolve("renewed.pem")).doesNotExist();
    }

    @Test
    void temporaryFilesOfAnInterruptedWrite_areRemovedAtStart() throws Exception {
        TestStation station = new TestStation(tmp).start();
        station.install(InstallCertificateUseEnumType.CSMSRootCertificate, csmsRoot.pem());
        Path leftover = station.dir.resolve("ca").resolve("CSMSRootCertificate").resolve("x.pem.tmp");
        Files.writeString(leftover, "half a cert");

        station.restart();

        assertThat(leftover).doesNotExist();
        assertThat(station.service.state().roots()).hasSize(1);
    }

    @Test
    void theStoreCarriesItsFormatVersion_andANewerOneIsLeftUntouched() throws Exception {
        new TestStation(tmp).start();
        Path version = tmp.resolve("security").resolve("store.version");
        assertThat(Files.readString(version)).isEqualTo("galvani.security.certificates 1\n");

        Files.writeString(version, "galvani.security.certificates 2\n");

        assertThatThrownBy(() -> new CertificateService(Configs.defaults(CertificatesConfig.class),
                tmp.resolve("security"), new VirtualScheduler(), () -> TestPki.NOW))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("format this version does not know");
        assertThat(Files.readString(version)).isEqualTo("galvani.security.certificates 2\n");
    }
}
