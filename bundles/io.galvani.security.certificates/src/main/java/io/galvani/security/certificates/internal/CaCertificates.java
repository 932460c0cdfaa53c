package io.galvani.security.certificates.internal;

import java.io.IOException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.galvani.ocpp.model.messages.DeleteCertificateRequest;
import io.galvani.ocpp.model.messages.DeleteCertificateResponse;
import io.galvani.ocpp.model.messages.GetInstalledCertificateIdsRequest;
import io.galvani.ocpp.model.messages.GetInstalledCertificateIdsResponse;
import io.galvani.ocpp.model.messages.InstallCertificateRequest;
import io.galvani.ocpp.model.messages.InstallCertificateResponse;
import io.galvani.ocpp.model.types.CertificateHashDataChainType;
import io.galvani.ocpp.model.types.CertificateHashDataType;
import io.galvani.ocpp.model.types.DeleteCertificateStatusEnumType;
import io.galvani.ocpp.model.types.GetCertificateIdUseEnumType;
import io.galvani.ocpp.model.types.GetInstalledCertificateStatusEnumType;
import io.galvani.ocpp.model.types.HashAlgorithmEnumType;
import io.galvani.ocpp.model.types.InstallCertificateStatusEnumType;
import io.galvani.ocpp.model.types.StatusInfoType;
import io.galvani.security.api.SecurityEventType;
import io.galvani.security.api.StationCredentials;
import io.galvani.security.certificates.internal.Pem.InvalidPem;
import io.galvani.security.certificates.internal.StoreState.Root;
import io.galvani.security.certificates.internal.StoreState.V2gChain;

/**
 * CA certificate management (functional block M): InstallCertificate (M05), GetInstalledCertificateIds (M03),
 * DeleteCertificate (M04). AdditionalRootCertificateCheck is not supported (M05.FR.09–16 do not apply): any number
 * of roots of each use may be installed side by side.
 */
final class CaCertificates {
    private static final Logger logger = LoggerFactory.getLogger(CaCertificates.class);
    /** CertificateHashDataChainType.childCertificateHashData holds at most 4 entries. */
    static final int MAX_CHILDREN = 4;

    private final CertificateRepository repository;
    private final Supplier<Settings> settings;
    private final Supplier<Instant> now;
    private final Events events;

    CaCertificates(CertificateRepository repository, Supplier<Settings> settings, Supplier<Instant> now, Events events) {
        this.repository = repository;
        this.settings = settings;
        this.now = now;
        this.events = events;
    }

    /** M05: a root certificate is checked, then stored; the response says why it was not. */
    InstallCertificateResponse install(InstallCertificateRequest request) {
        GetCertificateIdUseEnumType use = GetCertificateIdUseEnumType.fromValue(request.certificateType().value());
        X509Certificate certificate;
        try {
            certificate = single(Pem.certificates(request.certificate()));
        } catch (InvalidPem e) {
            return rejected("InvalidCertificate", "the certificate " + e.getMessage());
        }
        Optional<String> problem = check(certificate, now.get());
        if (problem.isPresent()) {
            logger.info("InstallCertificate {} rejected: {}", use.value(), problem.get());
            return rejected("InvalidCertificate", problem.get());
        }
        Root root = new Root(use, certificate, CertificateHashes.fingerprint(certificate));
        StoreState state = repository.state();
        boolean present = state.roots().stream()
                .anyMatch(r -> r.use() == use && r.fingerprint().equals(root.fingerprint()));
        int max = settings.get().maxCertificateEntries();
        if (!present && state.entries() + 1 > max) {
            // M05.FR.06
            return rejected("OutOfStorage", "SecurityCtrlr.CertificateEntries maxLimit " + max + " reached");
        }
        try {
            repository.installRoot(root);
        } catch (IOException e) {
            logger.error("InstallCertificate {}: cannot store {}: {}", use.value(), root.fingerprint(), e.toString());
            return InstallCertificateResponse.of(InstallCertificateStatusEnumType.Failed)
                    .withStatusInfo(info("InternalError", "the certificate could not be stored"));
        }
        logger.info("{} {} {} (sha256 {})", use.value(), present ? "replaced" : "installed",
                certificate.getSubjectX500Principal().getName(), root.fingerprint());
        events.report(SecurityEventType.RECONFIGURATION_OF_SECURITY_PARAMETERS, use.value() + " installed: "
                + certificate.getSubjectX500Principal().getName() + ", sha256 " + root.fingerprint());
        return InstallCertificateResponse.of(InstallCertificateStatusEnumType.Accepted);
    }

    /**
     * The checks of M05.FR.07 (and of the provisioning import): inside its validity period, a strong key
     * (A00.FR.501–503), a CA certificate that signed itself. A root is a trust anchor; an intermediate would need
     * its issuer to be reported and verified, so only roots are taken.
     */
    static Optional<String> check(X509Certificate certificate, Instant now) {
        return CertificateChecks.validAt(certificate, now)
                .or(() -> CertificateChecks.strongKey(certificate))
                .or(() -> CertificateChecks.selfSignedCa(certificate));
    }

    private static X509Certificate single(List<X509Certificate> certificates) throws InvalidPem {
        if (certificates.size() != 1) {
            throw new InvalidPem("holds " + certificates.size() + " certificates; one is installed at a time");
        }
        return certificates.get(0);
    }

    /** M03: hash data of every installed certificate of the requested types (absent = all). */
    GetInstalledCertificateIdsResponse installedIds(GetInstalledCertificateIdsRequest request) {
        Set<GetCertificateIdUseEnumType> types = request.certificateType() == null
                ? new LinkedHashSet<>(List.of(GetCertificateIdUseEnumType.values()))
                : new LinkedHashSet<>(request.certificateType());
        StoreState state = repository.state();
        List<CertificateHashDataChainType> chains = new ArrayList<>();
        for (GetCertificateIdUseEnumType type : types) {
            if (type == GetCertificateIdUseEnumType.V2GCertificateChain) {
                for (V2gChain chain : state.v2gChains()) {
                    v2gHashData(chain, state).ifPresent(chains::add);
                }
                continue;
            }
            for (Root root : state.roots()) {
                if (root.use() == type) {
                    chains.add(CertificateHashDataChainType.of(type, hashData(root.certificate(), root.certificate())));
                }
            }
        }
        if (chains.isEmpty()) {
            return GetInstalledCertificateIdsResponse.of(GetInstalledCertificateStatusEnumType.NotFound); // M03.FR.02
        }
        return GetInstalledCertificateIdsResponse.of(GetInstalledCertificateStatusEnumType.Accepted)
                .withCertificateHashDataChain(chains);
    }

    /** M03.FR.05: the V2G station certificate, its sub-CAs as children. */
    private Optional<CertificateHashDataChainType> v2gHashData(V2gChain chain, StoreState state) {
        List<X509Certificate> certs = chain.certificates();
        Optional<X509Certificate> leafIssuer = issuerOf(certs, 0, state);
        if (leafIssuer.isEmpty()) {
            logger.warn("V2G chain {} left out of GetInstalledCertificateIds: the issuer of its leaf is unknown",
                    chain.fingerprint());
            return Optional.empty();
        }
        List<CertificateHashDataType> children = new ArrayList<>();
        for (int i = 1; i < certs.size() && children.size() < MAX_CHILDREN; i++) {
            X509Certificate ca = certs.get(i);
            if (CertificateChecks.issuedBy(ca, ca)) {
                continue; // a root sent along with the chain is not a sub-CA (M03 remark: it is installed with M05)
            }
            Optional<X509Certificate> issuer = issuerOf(certs, i, state);
            if (issuer.isPresent()) {
                children.add(hashData(ca, issuer.get()));
            } else {
                logger.warn("V2G chain {}: sub-CA {} left out, its issuer is not installed", chain.fingerprint(),
                        ca.getSubjectX500Principal().getName());
            }
        }
        CertificateHashDataChainType entry = CertificateHashDataChainType.of(
                GetCertificateIdUseEnumType.V2GCertificateChain, hashData(certs.get(0), leafIssuer.get()));
        return Optional.of(children.isEmpty() ? entry : entry.withChildCertificateHashData(children));
    }

    /** The issuer of {@code chain[i]}: the next certificate of the chain, else an installed root. */
    private static Optional<X509Certificate> issuerOf(List<X509Certificate> chain, int i, StoreState state) {
        X509Certificate certificate = chain.get(i);
        if (i + 1 < chain.size() && CertificateChecks.issuedBy(certificate, chain.get(i + 1))) {
            return Optional.of(chain.get(i + 1));
        }
        return state.roots().stream().map(Root::certificate)
                .filter(root -> CertificateChecks.issuedBy(certificate, root)).findFirst();
    }

    /** M04: deletes what {@code request} names, unless it is the station's own certificate or the last CSMS root. */
    DeleteCertificateResponse delete(DeleteCertificateRequest request) {
        CertificateHashDataType wanted = request.certificateHashData();
        StoreState state = repository.state();
        for (StationCredentials station : state.stationCredentials()) {
            if (namesStationCertificate(wanted, station.chain(), state)) {
                // M04.FR.06, TC_M_23
                return DeleteCertificateResponse.of(DeleteCertificateStatusEnumType.Failed).withStatusInfo(
                        info("UnsupportedRequest", "the ChargingStationCertificate cannot be deleted (M04.FR.06)"));
            }
        }
        List<Root> roots = state.roots().stream()
                .filter(r -> CertificateHashes.matches(wanted, r.certificate(), r.certificate())).toList();
        List<V2gChain> chains = state.v2gChains().stream().filter(c -> {
            for (int i = 0; i < c.certificates().size(); i++) {
                if (namedBy(wanted, c.certificates(), i, state)) {
                    return true; // a sub-CA goes with its chain, which is unusable without it (M04.FR.08)
                }
            }
            return false;
        }).toList();
        if (roots.isEmpty() && chains.isEmpty()) {
            return DeleteCertificateResponse.of(DeleteCertificateStatusEnumType.NotFound); // M04.FR.04
        }
        long csmsRoots = state.roots().stream().filter(r -> r.use() == GetCertificateIdUseEnumType.CSMSRootCertificate)
                .count();
        long deletedCsmsRoots = roots.stream().filter(r -> r.use() == GetCertificateIdUseEnumType.CSMSRootCertificate)
                .count();
        if (deletedCsmsRoots > 0 && deletedCsmsRoots == csmsRoots) {
            // M04.FR.03 note; PICS AQ-1: the last CSMS root cannot be removed (the station could not connect again)
            return DeleteCertificateResponse.of(DeleteCertificateStatusEnumType.Failed).withStatusInfo(
                    info("UnsupportedRequest", "the last CSMSRootCertificate cannot be deleted"));
        }
        try {
            repository.deleteRoots(roots);
            repository.deleteV2gChains(chains);
        } catch (IOException e) {
            logger.error("DeleteCertificate: cannot delete a file of the store: {}", e.toString());
            return DeleteCertificateResponse.of(DeleteCertificateStatusEnumType.Failed)
                    .withStatusInfo(info("InternalError", "the certificate could not be deleted"));
        }
        for (Root r : roots) {
            logger.info("{} deleted: {} (sha256 {})", r.use().value(), r.certificate().getSubjectX500Principal().getName(),
                    r.fingerprint());
            events.report(SecurityEventType.RECONFIGURATION_OF_SECURITY_PARAMETERS, r.use().value() + " deleted: "
                    + r.certificate().getSubjectX500Principal().getName() + ", sha256 " + r.fingerprint());
        }
        for (V2gChain c : chains) {
            logger.info("V2G certificate chain deleted (leaf sha256 {})", c.fingerprint());
            events.report(SecurityEventType.RECONFIGURATION_OF_SECURITY_PARAMETERS,
                    "V2GCertificateChain deleted: leaf sha256 " + c.fingerprint());
        }
        return DeleteCertificateResponse.of(DeleteCertificateStatusEnumType.Accepted);
    }

    /** Whether {@code wanted} names {@code chain[i]}, with its issuer from the chain or the installed roots. */
    private static boolean namedBy(CertificateHashDataType wanted, List<X509Certificate> chain, int i, StoreState state) {
        X509Certificate certificate = chain.get(i);
        Optional<X509Certificate> issuer = CertificateChecks.issuedBy(certificate, certificate) ? Optional.of(certificate)
                : issuerOf(chain, i, state);
        return issuer.isPresent() && CertificateHashes.matches(wanted, certificate, issuer.get());
    }

    /**
     * Like {@link #namedBy} for the station's leaf; when its issuer is not known here (a chain without
     * intermediates whose root is not installed) issuer name and serial number decide: refusing to delete the
     * station certificate by mistake is harmless, deleting it is not.
     */
    private static boolean namesStationCertificate(CertificateHashDataType wanted, List<X509Certificate> chain,
            StoreState state) {
        X509Certificate leaf = chain.get(0);
        if (issuerOf(chain, 0, state).isPresent()) {
            return namedBy(wanted, chain, 0, state);
        }
        return CertificateHashes.matches(wanted, leaf, leaf, true);
    }

    private static CertificateHashDataType hashData(X509Certificate certificate, X509Certificate issuer) {
        return CertificateHashes.of(certificate, issuer, HashAlgorithmEnumType.SHA256);
    }

    private static InstallCertificateResponse rejected(String reasonCode, String why) {
        return InstallCertificateResponse.of(InstallCertificateStatusEnumType.Rejected).withStatusInfo(info(reasonCode, why));
    }

    static StatusInfoType info(String reasonCode, String additionalInfo) {
        String text = additionalInfo.length() > 512 ? additionalInfo.substring(0, 511) + "…" : additionalInfo;
        return StatusInfoType.of(reasonCode).withAdditionalInfo(text);
    }
}
