package io.galvani.security.certificates.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.galvani.ocpp.model.types.GetCertificateIdUseEnumType;
import io.galvani.security.api.SecurityEventType;
import io.galvani.security.api.StationCredentials;
import io.galvani.security.certificates.internal.Pem.InvalidPem;
import io.galvani.security.certificates.internal.StoreState.Root;

/**
 * Imports the factory provisioning (the paths of {@link CertificatesConfig}) into the store: the CSMS root
 * certificate(s), and the station certificate with its key, which is copied into the owner-only store. Each file
 * is imported once per content (its SHA-256 is remembered in {@code bootstrap.properties}): a certificate the CSMS
 * deletes or renews later is not brought back by the next start, while a file the operator replaces is taken.
 * Problems are logged with the attribute to fix; they never stop the bundle.
 */
final class Provisioning {
    private static final Logger logger = LoggerFactory.getLogger(Provisioning.class);
    static final String CSMS_ROOT_MARK = "csmsRootCertificate";
    static final String STATION_MARK = "stationCertificate";

    private Provisioning() {
    }

    static void importFiles(CertificatesConfig config, CertificateRepository repository, Instant now, Events events) {
        Properties marks = repository.bootstrapMarks();
        boolean changed = importCsmsRoots(config.csmsRootCertificatePath().trim(), repository, now, events, marks);
        changed |= importStation(config.stationCertificatePath().trim(), config.stationKeyPath().trim(), repository,
                now, events, marks);
        if (changed) {
            try {
                repository.saveBootstrapMarks(marks);
            } catch (IOException e) {
                logger.warn("Cannot remember the imported provisioning files: {}; they are imported again at the next "
                        + "start", e.toString());
            }
        }
    }

    private static boolean importCsmsRoots(String path, CertificateRepository repository, Instant now, Events events,
            Properties marks) {
        if (path.isEmpty()) {
            return false;
        }
        byte[] content;
        try {
            content = Files.readAllBytes(Path.of(path));
        } catch (IOException | RuntimeException e) {
            logger.error("Cannot read the CSMS root certificate {} (csmsRootCertificatePath): {}", path, e.toString());
            return false;
        }
        String mark = sha256(content);
        if (mark.equals(marks.getProperty(CSMS_ROOT_MARK))) {
            return false;
        }
        List<X509Certificate> certificates;
        try {
            certificates = Pem.certificates(new String(content, StandardCharsets.US_ASCII));
        } catch (InvalidPem e) {
            logger.error("The CSMS root certificate file {} (csmsRootCertificatePath) {}", path, e.getMessage());
            return false;
        }
        for (X509Certificate certificate : certificates) {
            Optional<String> problem = CaCertificates.check(certificate, now);
            if (problem.isPresent()) {
                logger.error("Not installing a CSMS root from {} (csmsRootCertificatePath): {}", path, problem.get());
                continue;
            }
            Root root = new Root(GetCertificateIdUseEnumType.CSMSRootCertificate, certificate,
                    CertificateHashes.fingerprint(certificate));
            try {
                repository.installRoot(root);
            } catch (IOException e) {
                logger.error("Cannot store the CSMS root certificate from {}: {}", path, e.toString());
                return false;
            }
            logger.info("CSMSRootCertificate installed from {}: {} (sha256 {})", path,
                    certificate.getSubjectX500Principal().getName(), root.fingerprint());
            events.report(SecurityEventType.RECONFIGURATION_OF_SECURITY_PARAMETERS, "CSMSRootCertificate installed "
                    + "from provisioning: " + certificate.getSubjectX500Principal().getName());
        }
        marks.setProperty(CSMS_ROOT_MARK, mark);
        return true;
    }

    private static boolean importStation(String certificatePath, String keyPath, CertificateRepository repository,
            Instant now, Events events, Properties marks) {
        if (certificatePath.isEmpty() && keyPath.isEmpty()) {
            return false;
        }
        if (certificatePath.isEmpty() || keyPath.isEmpty()) {
            logger.error("The station certificate needs both stationCertificatePath and stationKeyPath; one is empty");
            return false;
        }
        byte[] certificateBytes;
        byte[] keyBytes;
        try {
            certificateBytes = Files.readAllBytes(Path.of(certificatePath));
            keyBytes = Files.readAllBytes(Path.of(keyPath));
        } catch (IOException | RuntimeException e) {
            logger.error("Cannot read the station certificate or key (stationCertificatePath {}, stationKeyPath {}): {}",
                    certificatePath, keyPath, e.getClass().getSimpleName());
            return false;
        }
        String mark = sha256(certificateBytes, keyBytes);
        if (mark.equals(marks.getProperty(STATION_MARK))) {
            return false;
        }
        List<X509Certificate> chain;
        PrivateKey key;
        try {
            chain = Pem.certificates(new String(certificateBytes, StandardCharsets.US_ASCII));
            key = Pem.privateKey(new String(keyBytes, StandardCharsets.US_ASCII));
        } catch (InvalidPem e) {
            // the message never quotes the file's content
            logger.error("The station certificate {} or key {} is not usable: {}", certificatePath, keyPath,
                    e.getMessage());
            return false;
        }
        X509Certificate leaf = chain.get(0);
        if (!CertificateChecks.keyMatches(key, leaf.getPublicKey())) {
            logger.error("The key {} (stationKeyPath) does not belong to the certificate {} (stationCertificatePath)",
                    keyPath, certificatePath);
            return false;
        }
        CertificateChecks.strongKey(leaf).ifPresent(p -> logger.warn("Station certificate from {}: {}", certificatePath, p));
        // Imported even when expired: the station still tries to connect and lets the CSMS decide (A00.FR.430).
        CertificateChecks.validAt(leaf, now).ifPresent(p -> logger.warn("Station certificate from {}: {}",
                certificatePath, p));
        String id = CertificateHashes.fingerprint(leaf);
        StationCredentials current = repository.state().current();
        if (current == null || !current.id().equals(id)) {
            try {
                repository.replaceCurrent(new StationCredentials(id, chain, key, false));
            } catch (IOException e) {
                logger.error("Cannot store the station certificate from {}: {}", certificatePath, e.toString());
                return false;
            }
            logger.info("Station certificate installed from {}: {}, valid until {} (sha256 {})", certificatePath,
                    leaf.getSubjectX500Principal().getName(), leaf.getNotAfter().toInstant(), id);
            events.report(SecurityEventType.RECONFIGURATION_OF_SECURITY_PARAMETERS,
                    "ChargingStationCertificate installed from provisioning: " + leaf.getSubjectX500Principal().getName());
        }
        marks.setProperty(STATION_MARK, mark);
        return true;
    }

    private static String sha256(byte[]... parts) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (byte[] part : parts) {
                digest.update(part);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
