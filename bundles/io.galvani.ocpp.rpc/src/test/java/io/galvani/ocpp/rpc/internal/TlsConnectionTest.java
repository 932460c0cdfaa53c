package io.galvani.ocpp.rpc.internal;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.galvani.csms.demo.CsmsOptions;
import io.galvani.csms.demo.DemoCsms;
import io.galvani.csms.demo.Handshake;
import io.galvani.csms.demo.Pki;
import io.galvani.csms.demo.TlsOptions;
import io.galvani.security.api.CertificateStore;
import io.galvani.security.api.SecurityEvents;
import io.galvani.security.api.SecurityEventType;
import io.galvani.security.api.StationCredentials;
import io.galvani.ocpp.model.types.GetCertificateIdUseEnumType;

/**
 * Security profiles 2 and 3 on the wire (OCPP 2.0.1 A00): the transport against a real TLS WebSocket server (the
 * demo CSMS) with certificate hierarchies made here. Each refusal must end the attempt and be reported once as the
 * right security event; the TLS version case runs in the station tests against OpenSSL (the JDK refuses to serve
 * TLS 1.1 at all).
 */
class TlsConnectionTest {
    private static final String STATION = "CS-TLS-1";
    private static final String PASSWORD = "0123456789abcdef0123";

    private final Pki operator = Pki.create("Operator root");
    private final Pki stranger = Pki.create("Unknown root");
    private final List<String> events = new CopyOnWriteArrayList<>();
    private final FakeStore store = new FakeStore();
    private DemoCsms csms;
    private OcppRpcLink link;

    TlsConnectionTest() {
        store.roots.add(operator.root()); // the station's installed CSMSRootCertificate
    }

    @AfterEach
    void stop() {
        if (link != null) {
            link.deactivate();
        }
        if (csms != null) {
            csms.close();
        }
    }

    @Test
    void A00_FR_308_profile2_connectsToACsmsWhoseCertificateLeadsToTheInstalledRoot_withBasicAuth() {
        csms(TlsOptions.server(operator.server("localhost", "localhost")));
        connect(2, csms.url().toString().replace("127.0.0.1", "localhost"));

        await().atMost(10, SECONDS).until(() -> link.status().connected());
        Handshake h = csms.lastHandshake(STATION).orElseThrow();
        assertThat(h.header("Authorization")).startsWith("Basic ");
        assertThat(h.clientCertificates()).isEmpty();
        assertThat(events).isEmpty();
    }

    @Test
    void A00_FR_310_untrustedCsmsCertificate_isRefused_andReportedOnce() {
        csms(TlsOptions.server(stranger.server("localhost", "localhost")));
        connect(2, localhostUrl());

        await().atMost(10, SECONDS).until(() -> events.size() == 1 && store.attempts() >= 3);
        assertThat(link.status().connected()).isFalse();
        assertThat(events).containsExactly(SecurityEventType.INVALID_CSMS_CERTIFICATE);
        assertThat(csms.handshakes(STATION)).as("no WebSocket upgrade over a refused TLS connection").isEmpty();
    }

    @Test
    void A00_FR_310_expiredCsmsCertificate_isRefused() {
        Instant past = Instant.now().minus(Duration.ofDays(30));
        csms(TlsOptions.server(operator.server("localhost", past.minus(Duration.ofDays(365)), past, "localhost")));
        connect(2, localhostUrl());

        await().atMost(10, SECONDS).until(() -> !events.isEmpty());
        assertThat(events).containsExactly(SecurityEventType.INVALID_CSMS_CERTIFICATE);
        assertThat(link.status().lastError()).contains("connection attempt failed");
    }

    @Test
    void A00_FR_309_certificateForAnotherHost_isRefused() {
        csms(TlsOptions.server(operator.server("csms.example.com", "csms.example.com")));
        connect(2, localhostUrl());

        await().atMost(10, SECONDS).until(() -> !events.isEmpty());
        assertThat(events).containsExactly(SecurityEventType.INVALID_CSMS_CERTIFICATE);
        assertThat(link.status().connected()).isFalse();
    }

    @Test
    void A00_FR_319_aCsmsWithOnlyCbcSuites_isRefusedAsInvalidCipherSuite() {
        csms(TlsOptions.server(operator.server("localhost", "localhost")).withProtocols("TLSv1.2")
                .withCipherSuites("TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256"));
        connect(2, localhostUrl());

        await().atMost(10, SECONDS).until(() -> !events.isEmpty());
        assertThat(events).containsExactly(SecurityEventType.INVALID_TLS_CIPHER_SUITE);
    }

    @Test
    void A00_FR_401_profile3_presentsTheStationCertificate_andNoPassword() {
        Pki.Issued station = operator.station("GLV-0000000001", "Galvani");
        store.credentials.add(credentials(station, false));
        csms(TlsOptions.mutual(operator.server("localhost", "localhost"), operator.root()));
        connect(3, localhostUrl());

        await().atMost(10, SECONDS).until(() -> link.status().connected());
        Handshake h = csms.lastHandshake(STATION).orElseThrow();
        assertThat(h.clientCertificates()).first().isEqualTo(station.certificate());
        assertThat(h.header("Authorization")).as("profile 3 authenticates with the certificate only").isNull();
        assertThat(store.connectedWith).containsExactly(store.credentials.get(0).id());
    }

    @Test
    void A02_FR_28_aRenewedCertificateTheCsmsRefuses_isReportedToTheStore() {
        Pki.Issued foreign = stranger.station("GLV-0000000001", "Galvani");
        store.credentials.add(credentials(foreign, true));
        csms(TlsOptions.mutual(operator.server("localhost", "localhost"), operator.root()));
        connect(3, localhostUrl());

        await().atMost(10, SECONDS).until(() -> !store.refusedWith.isEmpty());
        assertThat(store.refusedWith).first().isEqualTo(store.credentials.get(0).id());
        assertThat(events).containsExactly(SecurityEventType.FAILED_TO_AUTHENTICATE_AT_CSMS);
    }

    @Test
    void profile2_withoutAnyCsmsRoot_doesNotConnect_andSaysWhatIsMissing() {
        store.roots.clear();
        csms(TlsOptions.server(operator.server("localhost", "localhost")));
        connect(2, localhostUrl());

        await().atMost(10, SECONDS).until(() -> link.status().lastError() != null
                && link.status().lastError().contains("no valid CSMSRootCertificate"));
        assertThat(csms.handshakes(STATION)).isEmpty();
    }

    @Test
    void wildcardCertificates_areRecognised() {
        Pki.Issued wildcard = operator.server("*.example.com", "*.example.com");
        Pki.Issued exact = operator.server("csms.example.com", "csms.example.com");
        assertThat(TlsSettings.namesExactly(wildcard.certificate(), "csms.example.com")).isFalse();
        assertThat(TlsSettings.namesExactly(exact.certificate(), "CSMS.example.com.")).isTrue();
        assertThat(TlsSettings.namesExactly(operator.server("127.0.0.1", "127.0.0.1").certificate(), "127.0.0.1"))
                .isTrue();
    }

    // ---------------------------------------------------------------- helpers

    private void csms(TlsOptions tls) {
        csms = DemoCsms.start(CsmsOptions.builder().port(0).logTraffic(false).tls(tls).build());
    }

    private String localhostUrl() {
        return csms.url().toString().replace("127.0.0.1", "localhost");
    }

    private void connect(int securityProfile, String url) {
        link = new OcppRpcLink(Clock.systemUTC(), bound -> 0, new StoreTls(() -> store));
        link.setSecurityEvents(new SecurityEvents() {
            @Override
            public void report(String type, String techInfo) {
                events.add(type);
            }
        });
        TestConfig config = TestConfig.config(url).with("stationId", STATION).with("securityProfile", securityProfile)
                .with("_basicAuthPassword", PASSWORD).with("networkProfileConnectionAttempts", 100);
        link.start(config.build(), config.props());
    }

    private static StationCredentials credentials(Pki.Issued issued, boolean renewed) {
        return new StationCredentials(issued.certificate().getSerialNumber().toString(16), issued.chain(), issued.key(),
                renewed);
    }

    /** A certificate store with what the test puts in, counting how often the transport asked. */
    private static final class FakeStore implements CertificateStore {
        final List<X509Certificate> roots = new CopyOnWriteArrayList<>();
        final List<StationCredentials> credentials = new CopyOnWriteArrayList<>();
        final List<String> connectedWith = new CopyOnWriteArrayList<>();
        final List<String> refusedWith = new CopyOnWriteArrayList<>();
        private final java.util.concurrent.atomic.AtomicInteger asked = new java.util.concurrent.atomic.AtomicInteger();

        int attempts() {
            return asked.get();
        }

        @Override
        public List<X509Certificate> roots(GetCertificateIdUseEnumType use) {
            asked.incrementAndGet();
            return use == GetCertificateIdUseEnumType.CSMSRootCertificate ? new ArrayList<>(roots) : List.of();
        }

        @Override
        public List<StationCredentials> stationCredentials() {
            return new ArrayList<>(credentials);
        }

        @Override
        public void connectedWith(StationCredentials c) {
            connectedWith.add(c.id());
        }

        @Override
        public void refusedWith(StationCredentials c) {
            refusedWith.add(c.id());
        }
    }
}
