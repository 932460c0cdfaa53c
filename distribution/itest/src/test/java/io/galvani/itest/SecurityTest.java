package io.galvani.itest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.galvani.csms.demo.CsmsOptions;
import io.galvani.csms.demo.DemoCsms;
import io.galvani.csms.demo.Frame;
import io.galvani.csms.demo.FrameValidator;
import io.galvani.csms.demo.Handshake;
import io.galvani.csms.demo.Pki;
import io.galvani.csms.demo.TlsOptions;

/**
 * Advanced Security on the wire (OCPP 2.0.1 A00–A05, M03–M05): the station booted from the distribution against
 * real TLS servers made by the test (the demo CSMS with certificates of a test CA, and OpenSSL where the JDK will not
 * play the bad CSMS), with the settings an installer gives (STATION_SECURITY_PROFILE, STATION_CSMS_ROOT_CERT,
 * STATION_CLIENT_CERT/KEY). Every frame is validated against the official schemas (see {@link StationTestBase}).
 */
class SecurityTest extends StationTestBase {
    private static final String PASSWORD = "galvani-test-password-0001";
    private static final String SERIAL = "GLV-0000000001"; // the serial number the reference variant reports
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Pki operator = Pki.create("Operator root");
    private final Pki stranger = Pki.create("Unknown root");

    @Test
    void A00_profile2_bootsOverTls_trustingOnlyTheInstalledRoot_withBasicAuth_andReportsItsStart() throws Exception {
        tlsCsms(0, TlsOptions.server(csmsCertificate(operator)), true);
        station = profile2().start();

        Frame boot = awaitCall(0, "BootNotification");
        assertThat(boot.stationId()).isEqualTo(station.id());
        awaitAccepted();
        Handshake h = csms.lastHandshake(station.id()).orElseThrow();
        assertThat(h.header("Authorization")).startsWith("Basic ");
        assertThat(h.clientCertificates()).isEmpty();
        assertThat(securityEvent("StartupOfTheDevice").payload().at("/timestamp").asText()).isNotEmpty();
        assertThat(call("GetVariables", "{\"getVariableData\":[{\"component\":{\"name\":\"SecurityCtrlr\"},"
                + "\"variable\":{\"name\":\"SecurityProfile\"}}]}").at("/getVariableResult/0/attributeValue").asText())
                .isEqualTo("2");
    }

    @Test
    void TC_A_05_untrustedExpiredAndWrongHostCertificates_areRefused_andReportedOnceConnected() throws Exception {
        int port = io.galvani.bench.StationProcess.freePort();
        tlsCsms(port, TlsOptions.server(csmsCertificate(stranger)), false);
        station = profile2().start();
        awaitLastError("does not lead to an installed CSMSRootCertificate");

        Instant past = Instant.now().minus(Duration.ofDays(30));
        replaceCsms(port, TlsOptions.server(operator.server("localhost", past.minus(Duration.ofDays(365)), past,
                "localhost", "127.0.0.1")));
        awaitLastError("outside its validity period");

        replaceCsms(port, TlsOptions.server(operator.server("csms.example.com", "csms.example.com")));
        awaitLastError("not issued for this host name");

        replaceCsms(port, TlsOptions.server(csmsCertificate(operator)));
        csms.awaitConnected(station.id(), WAIT);
        await().atMost(WAIT).until(() -> securityEvents("InvalidCsmsCertificate").size() >= 3);
        assertThat(securityEvents("InvalidCsmsCertificate")).extracting(f -> f.payload().at("/techInfo").asText())
                .anySatisfy(t -> assertThat(t).contains("CSMSRootCertificate"))
                .anySatisfy(t -> assertThat(t).contains("validity"))
                .anySatisfy(t -> assertThat(t).contains("host name"));
    }

    @Test
    void TC_A_06_aCsmsOfferingOnlyTls11_isRefused_asInvalidTlsVersion() throws Exception {
        int port = io.galvani.bench.StationProcess.freePort();
        Path dir = Files.createDirectories(dataDir.resolve("openssl"));
        Pki.Issued cert = csmsCertificate(operator);
        Path certFile = Files.writeString(dir.resolve("csms.pem"), Pki.pem(cert.certificate()));
        Path keyFile = Files.writeString(dir.resolve("csms.key"), Pki.pem(cert.key()));
        Process openssl = new ProcessBuilder("openssl", "s_server", "-quiet", "-accept", Integer.toString(port),
                "-cert", certFile.toString(), "-key", keyFile.toString(), "-tls1_1", "-cipher", "DEFAULT:@SECLEVEL=0")
                .redirectErrorStream(true).redirectOutput(dir.resolve("openssl.log").toFile()).start();
        try {
            StationUnderTest.Builder builder = profile2(URI.create("wss://127.0.0.1:" + port + "/ocpp"));
            csms.close(); // OpenSSL plays the CSMS now
            await().atMost(WAIT).until(() -> portOpen(port));
            station = builder.start();
            awaitLastError("TLS 1.2 or newer");
        } finally {
            openssl.destroyForcibly();
            openssl.waitFor(10, TimeUnit.SECONDS);
        }
        tlsCsms(port, TlsOptions.server(csmsCertificate(operator)), false);
        csms.awaitConnected(station.id(), WAIT);
        assertThat(securityEvent("InvalidTLSVersion").payload().at("/techInfo").asText()).contains("TLS 1.2");
    }

    @Test
    void A00_FR_323_aCsmsOfferingOnlyUnsuitableCipherSuites_isRefused() throws Exception {
        int port = io.galvani.bench.StationProcess.freePort();
        tlsCsms(port, TlsOptions.server(csmsCertificate(operator)).withProtocols("TLSv1.2")
                .withCipherSuites("TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256"), false);
        station = profile2().start();
        awaitLastError("connection attempt failed");

        replaceCsms(port, TlsOptions.server(csmsCertificate(operator)));
        csms.awaitConnected(station.id(), WAIT);
        assertThat(securityEvent("InvalidTLSCipherSuite")).isNotNull();
    }

    @Test
    void TC_A_07_profile3_authenticatesWithTheStationCertificate_andNoPassword() throws Exception {
        Pki.Issued stationCert = operator.station(SERIAL, "Galvani test");
        tlsCsms(0, TlsOptions.mutual(csmsCertificate(operator), operator.root()), false);
        station = profile3(stationCert).start();

        awaitCall(0, "BootNotification");
        Handshake h = csms.lastHandshake(station.id()).orElseThrow();
        assertThat(h.clientCertificates()).first().isEqualTo(stationCert.certificate());
        assertThat(h.header("Authorization")).isNull();
        // The key lives in the store (with its chain), readable by the station's user only; directories likewise.
        try (var files = Files.walk(dataDir.resolve("security"))) {
            assertThat(files.filter(p -> !p.equals(dataDir.resolve("security")))).isNotEmpty().allSatisfy(p ->
                    assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(p)))
                            .as("%s", p).isEqualTo(Files.isDirectory(p) ? "rwx------" : "rw-------"));
        }
    }

    @Test
    void TC_A_11_renewalTriggeredByTheCsms_csrSigned_certificateUsedForTheNextConnection() throws Exception {
        Pki.Issued stationCert = operator.station(SERIAL, "Galvani test");
        tlsCsms(0, TlsOptions.mutual(csmsCertificate(operator), operator.root()), false);
        station = profile3(stationCert).start();
        awaitAccepted();
        assertThat(setVariable("SecurityCtrlr", "OrganizationName", "Galvani Charging")).isEqualTo("Accepted");

        int mark = csms.mark();
        int connections = csms.connectionCount(station.id());
        assertThat(call("TriggerMessage", "{\"requestedMessage\":\"SignChargingStationCertificate\"}")
                .at("/status").asText()).isEqualTo("Accepted");
        Frame sign = awaitCall(mark, "SignCertificate");
        String csrPem = sign.payload().at("/csr").asText();
        PKCS10CertificationRequest csr;
        try (PEMParser p = new PEMParser(new StringReader(csrPem))) {
            csr = (PKCS10CertificationRequest) p.readObject();
        }
        assertThat(rdn(csr, BCStyle.CN)).as("CN = the station's serial number (A00.FR.511)").isEqualTo(SERIAL);
        assertThat(rdn(csr, BCStyle.O)).as("O = OrganizationName").isEqualTo("Galvani Charging");
        assertThat(sign.payload().at("/certificateType").asText()).isEqualTo("ChargingStationCertificate");

        List<X509Certificate> renewed = operator.sign(csrPem, Duration.ofDays(365));
        assertThat(call("CertificateSigned", payload("certificateChain", Pki.pem(renewed.toArray(X509Certificate[]::new)))
                .put("certificateType", "ChargingStationCertificate")).at("/status").asText()).isEqualTo("Accepted");

        await().atMost(WAIT).until(() -> csms.connectionCount(station.id()) > connections
                && csms.isConnected(station.id()));
        assertThat(csms.lastHandshake(station.id()).orElseThrow().clientCertificates()).first()
                .as("the next connection presents the renewed certificate (A02.FR.08)").isEqualTo(renewed.get(0));
    }

    @Test
    void TC_A_14_aCertificateForAnotherKey_isRejected_andReported() throws Exception {
        Pki.Issued stationCert = operator.station(SERIAL, "Galvani test");
        tlsCsms(0, TlsOptions.mutual(csmsCertificate(operator), operator.root()), false);
        station = profile3(stationCert).start();
        awaitAccepted();
        int mark = csms.mark();
        call("TriggerMessage", "{\"requestedMessage\":\"SignChargingStationCertificate\"}");
        awaitCall(mark, "SignCertificate");

        Pki.Issued other = operator.station(SERIAL, "Galvani test"); // a certificate for a key the station never made
        assertThat(call("CertificateSigned", payload("certificateChain", other.chainPem())
                .put("certificateType", "ChargingStationCertificate")).at("/status").asText()).isEqualTo("Rejected");
        assertThat(securityEvent("InvalidChargingStationCertificate")).isNotNull();
        assertThat(csms.isConnected(station.id())).as("the connection stays with the old certificate").isTrue();
    }

    @Test
    void M03_M04_M05_installListAndDeleteCsmsRootCertificates_theLastOneStays() throws Exception {
        tlsCsms(0, TlsOptions.server(csmsCertificate(operator)), true);
        station = profile2().start();
        awaitAccepted();
        Pki second = Pki.create("Second operator root");

        assertThat(call("InstallCertificate", payload("certificate", Pki.pem(second.root()))
                .put("certificateType", "CSMSRootCertificate")).at("/status").asText()).isEqualTo("Accepted");
        JsonNode ids = call("GetInstalledCertificateIds", "{\"certificateType\":[\"CSMSRootCertificate\"]}");
        assertThat(ids.at("/status").asText()).isEqualTo("Accepted");
        assertThat(ids.at("/certificateHashDataChain")).hasSize(2);
        JsonNode secondHash = null;
        for (JsonNode c : ids.at("/certificateHashDataChain")) {
            if (c.at("/certificateHashData/serialNumber").asText()
                    .equalsIgnoreCase(second.root().getSerialNumber().toString(16))) {
                secondHash = c.at("/certificateHashData");
            }
        }
        assertThat(secondHash).as("the installed root is listed by its serial number").isNotNull();
        assertThat(secondHash.at("/hashAlgorithm").asText()).isEqualTo("SHA256");
        assertThat(secondHash.at("/issuerNameHash").asText()).isEqualToIgnoringCase(
                sha256(second.root().getIssuerX500Principal().getEncoded()));

        assertThat(call("DeleteCertificate", JSON.createObjectNode().set("certificateHashData", secondHash).toString())
                .at("/status").asText()).isEqualTo("Accepted");
        JsonNode last = call("GetInstalledCertificateIds", "{\"certificateType\":[\"CSMSRootCertificate\"]}")
                .at("/certificateHashDataChain/0/certificateHashData");
        assertThat(call("DeleteCertificate", JSON.createObjectNode().set("certificateHashData", last).toString())
                .at("/status").asText()).as("the last CSMSRootCertificate cannot be deleted (PICS AQ-1)")
                .isEqualTo("Failed");
    }

    @Test
    void TC_A_19_upgradeFromProfile1To2_throughANetworkProfile_andTheLowerProfileIsRemoved() throws Exception {
        station = station().env("STATION_BASIC_AUTH_PASSWORD", PASSWORD).start(); // profile 1, ws://
        awaitAccepted();
        DemoCsms secure = DemoCsms.start(CsmsOptions.builder().port(0).logTraffic(false)
                .tls(TlsOptions.server(csmsCertificate(operator))).basicAuthPassword(PASSWORD)
                .validator(FrameValidator.framing().and(SchemaFrameValidator.fromSystemProperty())).build());
        try {
            ObjectNode profile = JSON.createObjectNode().put("ocppVersion", "OCPP20").put("ocppTransport", "JSON")
                    .put("ocppCsmsUrl", secure.url().toString()).put("messageTimeout", 30).put("securityProfile", 2)
                    .put("ocppInterface", "Wired0");
            ObjectNode request = JSON.createObjectNode().put("configurationSlot", 2);
            request.set("connectionData", profile);
            assertThat(call("SetNetworkProfile", request).at("/status").asText()).isEqualTo("Accepted");
            assertThat(setVariable("OCPPCommCtrlr", "NetworkConfigurationPriority", "2,1"))
                    .as("no CSMSRootCertificate yet (A05.FR.02)").isEqualTo("Rejected");

            assertThat(call("InstallCertificate", payload("certificate", Pki.pem(operator.root()))
                    .put("certificateType", "CSMSRootCertificate")).at("/status").asText()).isEqualTo("Accepted");
            assertThat(setVariable("OCPPCommCtrlr", "NetworkConfigurationPriority", "2,1")).isEqualTo("RebootRequired");
            org.osgi.framework.launch.Framework before = station.framework();
            assertThat(call("Reset", "{\"type\":\"OnIdle\"}").at("/status").asText()).isEqualTo("Accepted");
            station.awaitReboot(before, Duration.ofSeconds(60));

            secure.awaitConnected(station.id(), WAIT);
            awaitAccepted();
            JsonNode values = secure.call(station.id(), "GetVariables", "{\"getVariableData\":["
                    + "{\"component\":{\"name\":\"SecurityCtrlr\"},\"variable\":{\"name\":\"SecurityProfile\"}},"
                    + "{\"component\":{\"name\":\"OCPPCommCtrlr\"},\"variable\":{\"name\":\"NetworkConfigurationPriority\"}}]}")
                    .get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(values.at("/getVariableResult/0/attributeValue").asText()).isEqualTo("2");
            await().atMost(WAIT).untilAsserted(() -> assertThat(secure.call(station.id(), "GetVariables",
                    "{\"getVariableData\":[{\"component\":{\"name\":\"OCPPCommCtrlr\"},\"variable\":{\"name\":"
                            + "\"NetworkConfigurationPriority\"}}]}").get(WAIT.toSeconds(), TimeUnit.SECONDS)
                    .at("/getVariableResult/0/attributeValue").asText())
                    .as("the profile-1 slot is gone (A05.FR.06)").isEqualTo("2"));
            assertThat(secure.violations()).filteredOn(f -> f.dir() == io.galvani.csms.demo.Direction.TO_CSMS).isEmpty();
        } finally {
            secure.close();
        }
    }

    @Test
    void A04_openingTheEnclosure_isSentAsTamperDetectionActivated_andKeptInTheSecurityLog() throws Exception {
        station = station().start();
        awaitAccepted();
        securityEvent("StartupOfTheDevice");

        station.post("/api/v1/tamper", "{\"tampered\": true}", 200);

        assertThat(securityEvent("TamperDetectionActivated").payload().at("/techInfo").asText()).contains("tripped");
        await().atMost(WAIT).untilAsserted(() -> assertThat(Files.readString(dataDir.resolve("logs/security.log")))
                .contains("TamperDetectionActivated").contains("StartupOfTheDevice"));
    }

    // ---------------------------------------------------------------- helpers

    /** A CSMS server certificate for this loopback test: names localhost and 127.0.0.1. */
    private static Pki.Issued csmsCertificate(Pki ca) {
        return ca.server("localhost", "localhost", "127.0.0.1");
    }

    private void tlsCsms(int port, TlsOptions tls, boolean basicAuth) {
        if (csms != null) {
            csms.close();
        }
        csms = DemoCsms.start(CsmsOptions.builder().port(port).logTraffic(false).tls(tls)
                .basicAuthPassword(basicAuth ? PASSWORD : null)
                .validator(FrameValidator.framing().and(SchemaFrameValidator.fromSystemProperty())).build());
    }

    /** The CSMS on {@code port} goes and another one takes its place (the frames of both stay checked). */
    private void replaceCsms(int port, TlsOptions tls) {
        List<Frame> before = csms.violations();
        assertThat(before).filteredOn(f -> f.dir() == io.galvani.csms.demo.Direction.TO_CSMS).isEmpty();
        tlsCsms(port, tls, false);
    }

    private StationUnderTest.Builder profile2() throws IOException {
        return profile2(csms.url());
    }

    private StationUnderTest.Builder profile2(URI url) throws IOException {
        // A constant 1 s back-off: the refusal tests replace the CSMS several times.
        return station().tuning("galvani.retry.repeat.times", "0").env("STATION_CSMS_URL", url.toString()).env("STATION_SECURITY_PROFILE", "2")
                .env("STATION_BASIC_AUTH_PASSWORD", PASSWORD)
                .env("STATION_CSMS_ROOT_CERT", pem("csms-root.pem", Pki.pem(operator.root())).toString());
    }

    private StationUnderTest.Builder profile3(Pki.Issued stationCert) throws IOException {
        return station().env("STATION_CSMS_URL", csms.url().toString()).env("STATION_SECURITY_PROFILE", "3")
                .env("STATION_ORGANIZATION_NAME", "Galvani test")
                .env("STATION_CSMS_ROOT_CERT", pem("csms-root.pem", Pki.pem(operator.root())).toString())
                .env("STATION_CLIENT_CERT", pem("station.pem", stationCert.chainPem()).toString())
                .env("STATION_CLIENT_KEY", pem("station.key", Pki.pem(stationCert.key())).toString());
    }

    private Path pem(String name, String text) throws IOException {
        Path dir = Files.createDirectories(dataDir.getParent().resolve(dataDir.getFileName() + "-installer"));
        return Files.writeString(dir.resolve(name), text);
    }

    /** Connected and registered: the station answers the CSMS's calls (B02). */
    private void awaitAccepted() {
        await().atMost(WAIT).ignoreExceptions().until(() -> "Accepted".equals(
                station.get("/api/v1/status").at("/ocpp/registrationStatus").asText()));
    }

    private void awaitLastError(String text) {
        await().atMost(WAIT).ignoreExceptions().until(() -> {
            String error = lastError();
            return error != null && error.contains(text);
        });
    }

    private String lastError() throws Exception {
        return station.get("/api/v1/status").at("/ocpp/lastError").asText(null);
    }

    private Frame securityEvent(String type) {
        return csms.awaitFrame(f -> f.isCall() && "SecurityEventNotification".equals(f.action())
                && type.equals(f.payload().at("/type").asText()), WAIT);
    }

    private List<Frame> securityEvents(String type) {
        return csms.frames().stream().filter(f -> f.isCall() && "SecurityEventNotification".equals(f.action())
                && type.equals(f.payload().at("/type").asText())).toList();
    }

    private JsonNode call(String action, String payload) throws Exception {
        return csms.call(station.id(), action, payload).get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    private JsonNode call(String action, ObjectNode payload) throws Exception {
        return call(action, payload.toString());
    }

    private static ObjectNode payload(String field, String value) {
        return JSON.createObjectNode().put(field, value);
    }

    private String setVariable(String component, String variable, String value) throws Exception {
        return call("SetVariables", "{\"setVariableData\":[{\"component\":{\"name\":\"" + component + "\"},"
                + "\"variable\":{\"name\":\"" + variable + "\"},\"attributeValue\":\"" + value + "\"}]}")
                .at("/setVariableResult/0/attributeStatus").asText();
    }

    private static String rdn(PKCS10CertificationRequest csr, org.bouncycastle.asn1.ASN1ObjectIdentifier type) {
        RDN[] rdns = csr.getSubject().getRDNs(type);
        return rdns.length == 0 ? null : IETFUtils.valueToString(rdns[0].getFirst().getValue());
    }

    private static String sha256(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    }

    private static boolean portOpen(int port) {
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
