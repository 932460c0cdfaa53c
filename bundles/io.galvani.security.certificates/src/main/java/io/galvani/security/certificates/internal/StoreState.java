package io.galvani.security.certificates.internal;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import io.galvani.ocpp.model.types.GetCertificateIdUseEnumType;
import io.galvani.security.api.StationCredentials;

/**
 * What the store holds, as one immutable snapshot: readers ({@link io.galvani.security.api.CertificateStore}) take
 * it from a volatile field without a lock; writers replace it as a whole.
 *
 * @param roots     the installed CA certificates, by use then fingerprint
 * @param v2gChains V2G certificate chains (leaf first, then sub-CAs), kept for ISO 15118
 * @param current   the station certificate in use, or null
 * @param renewed   a certificate from CertificateSigned that no connection has used yet, or null
 */
record StoreState(List<Root> roots, List<V2gChain> v2gChains, StationCredentials current, StationCredentials renewed) {

    static final StoreState EMPTY = new StoreState(List.of(), List.of(), null, null);

    StoreState {
        roots = List.copyOf(roots);
        v2gChains = List.copyOf(v2gChains);
    }

    /** An installed CA certificate of one use. */
    record Root(GetCertificateIdUseEnumType use, X509Certificate certificate, String fingerprint) {
    }

    /** A V2G chain; its fingerprint is that of the leaf. */
    record V2gChain(List<X509Certificate> certificates, String fingerprint) {
        V2gChain {
            certificates = List.copyOf(certificates);
        }
    }

    /** SecurityCtrlr.CertificateEntries: CA certificates, V2G chain certificates, the station's own. */
    int entries() {
        int n = roots.size() + (current != null ? 1 : 0) + (renewed != null ? 1 : 0);
        for (V2gChain chain : v2gChains) {
            n += chain.certificates().size();
        }
        return n;
    }

    /** The renewed certificate first (A02.FR.08), then the one in use. */
    List<StationCredentials> stationCredentials() {
        List<StationCredentials> list = new ArrayList<>(2);
        if (renewed != null) {
            list.add(renewed);
        }
        if (current != null) {
            list.add(current);
        }
        return List.copyOf(list);
    }

    StoreState withRoots(List<Root> newRoots) {
        return new StoreState(newRoots, v2gChains, current, renewed);
    }

    StoreState withoutRoots(Predicate<Root> which) {
        return withRoots(roots.stream().filter(which.negate()).toList());
    }

    StoreState withRoot(Root root) {
        List<Root> list = new ArrayList<>(roots.stream()
                .filter(r -> !(r.use() == root.use() && r.fingerprint().equals(root.fingerprint()))).toList());
        list.add(root);
        list.sort((a, b) -> a.use() != b.use() ? a.use().compareTo(b.use()) : a.fingerprint().compareTo(b.fingerprint()));
        return withRoots(list);
    }

    StoreState withV2gChains(List<V2gChain> chains) {
        return new StoreState(roots, chains, current, renewed);
    }

    StoreState withCurrent(StationCredentials newCurrent) {
        return new StoreState(roots, v2gChains, newCurrent, renewed);
    }

    StoreState withRenewed(StationCredentials newRenewed) {
        return new StoreState(roots, v2gChains, current, newRenewed);
    }
}
