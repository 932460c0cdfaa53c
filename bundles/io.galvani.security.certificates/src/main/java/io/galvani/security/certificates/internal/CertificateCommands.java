package io.galvani.security.certificates.internal;

import java.security.cert.X509Certificate;
import java.time.Instant;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.galvani.security.api.StationCredentials;

/**
 * Operator console (Gogo): {@code cert:list} shows what the store holds (never a key), {@code cert:renew} starts a
 * renewal of the station certificate as a TriggerMessage would. Plain public methods; Gogo prints what they return.
 */
@Component(service = CertificateCommands.class,
        property = { "osgi.command.scope=cert", "osgi.command.function=list", "osgi.command.function=renew" })
public final class CertificateCommands {
    private final CertificateService certificates;

    @Activate
    public CertificateCommands(@Reference CertificateService certificates) {
        this.certificates = certificates;
    }

    /** The CA certificates by use, the station certificate(s), the renewal state. */
    public String list() {
        return format(certificates.state(), certificates.renewal().status(), certificates.now());
    }

    /** Starts a renewal (new key pair, SignCertificate) unless a prerequisite is missing. */
    public String renew() {
        var problem = certificates.renewal().readiness();
        if (problem.isPresent()) {
            return "Cannot renew: " + problem.get() + "\n";
        }
        certificates.renewal().start(Renewal.Origin.OPERATOR);
        return "Renewal started: a new key pair is generated and SignCertificate sent; see cert:list\n";
    }

    static String format(StoreState state, String renewal, Instant now) {
        StringBuilder out = new StringBuilder();
        out.append(String.format("Certificates: %d installed%n", state.entries()));
        for (StoreState.Root root : state.roots()) {
            out.append(String.format("  %-28s %s%n", root.use().value(), describe(root.certificate(), now)));
            out.append(String.format("  %-28s sha256 %s%n", "", root.fingerprint()));
        }
        for (StoreState.V2gChain chain : state.v2gChains()) {
            out.append(String.format("  %-28s %s (+%d CA)%n", "V2GCertificateChain",
                    describe(chain.certificates().get(0), now), chain.certificates().size() - 1));
        }
        station(out, "ChargingStationCertificate", state.current(), now);
        station(out, "  renewed, not yet used", state.renewed(), now);
        out.append(String.format("Renewal: %s%n", renewal));
        return out.toString();
    }

    private static void station(StringBuilder out, String label, StationCredentials c, Instant now) {
        if (c != null) {
            out.append(String.format("  %-28s %s (+%d CA)%n", label, describe(c.certificate(), now), c.chain().size() - 1));
        } else if (!label.startsWith(" ")) {
            out.append(String.format("  %-28s none%n", label));
        }
    }

    private static String describe(X509Certificate certificate, Instant now) {
        Instant notAfter = certificate.getNotAfter().toInstant();
        String state = CertificateChecks.isValidAt(certificate, now) ? "valid until " + notAfter
                : now.isAfter(notAfter) ? "EXPIRED " + notAfter : "not valid before " + certificate.getNotBefore().toInstant();
        return certificate.getSubjectX500Principal().getName() + ", " + state;
    }
}
