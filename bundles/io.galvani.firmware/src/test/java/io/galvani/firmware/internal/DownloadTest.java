package io.galvani.firmware.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

import io.galvani.filetransfer.TransferLocation;
import io.galvani.filetransfer.testing.LoopbackFtpServers;

/**
 * Downloads from real servers on loopback: JDK HttpServer and HttpsServer (certificate made at test time), Apache
 * FtpServer for FTP and explicit FTPS.
 */
class DownloadTest {
    static final String USER = "cs001";
    static final String SECRET = "Fw:S3cret@1";
    static final String SECRET_IN_URL = "Fw%3AS3cret%401";
    static final String STORE_PASSWORD = "store-pw";
    static final byte[] IMAGE = image(200_000);

    @TempDir
    static Path serverDir;
    static HttpServer http;
    static HttpsServer https;
    static LoopbackFtpServers ftpServers;
    static int ftpPort;
    static int ftpsPort;
    static Path trustStore;
    static final List<String> authorizations = new CopyOnWriteArrayList<>();

    @TempDir
    Path target;

    Settings settings = Settings.defaults();

    @BeforeAll
    static void servers() throws Exception {
        TestPki.Issued server = TestPki.server(Instant.now().minus(Duration.ofDays(1)),
                Instant.now().plus(Duration.ofDays(2)));
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("server", server.keys().getPrivate(), STORE_PASSWORD.toCharArray(),
                new Certificate[] { server.certificate() });
        Path serverStore = serverDir.resolve("server.p12");
        try (OutputStream out = Files.newOutputStream(serverStore)) {
            keys.store(out, STORE_PASSWORD.toCharArray());
        }
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("download-server", server.certificate());
        trustStore = serverDir.resolve("trust.p12");
        try (OutputStream out = Files.newOutputStream(trustStore)) {
            trust.store(out, STORE_PASSWORD.toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, STORE_PASSWORD.toCharArray());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(kmf.getKeyManagers(), null, null);

        http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        https = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        https.setHttpsConfigurator(new HttpsConfigurator(tls));
        for (HttpServer s : List.of(http, https)) {
            s.createContext("/fw.zip", ex -> respond(ex, 200, IMAGE, IMAGE.length));
            s.createContext("/private/fw.zip", DownloadTest::basicAuth);
            // sends part of the body, then keeps the connection open without a byte more
            s.createContext("/stalled.zip", ex -> respond(ex, 200, java.util.Arrays.copyOf(IMAGE, 1000),
                    IMAGE.length));
            s.createContext("/chunked.zip", ex -> respond(ex, 200, IMAGE, 0));
            s.start();
        }

        Path home = serverDir.resolve("home");
        Files.createDirectories(home.resolve("releases"));
        Files.write(home.resolve("releases").resolve("fw.zip"), IMAGE);
        ftpServers = LoopbackFtpServers.start(serverDir, home, USER, SECRET, serverStore, STORE_PASSWORD);
        ftpPort = ftpServers.ftpPort();
        ftpsPort = ftpServers.ftpsPort();
    }

    @AfterAll
    static void stop() {
        http.stop(0);
        https.stop(0);
        ftpServers.close();
    }

    private static void respond(HttpExchange ex, int code, byte[] body, long declaredLength) throws IOException {
        ex.sendResponseHeaders(code, declaredLength);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        } catch (IOException e) {
            // the client broke off
        }
        ex.close();
    }

    private static void basicAuth(HttpExchange ex) throws IOException {
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        authorizations.add(String.valueOf(auth));
        String expected = "Basic " + Base64.getEncoder()
                .encodeToString((USER + ":" + SECRET).getBytes(StandardCharsets.UTF_8));
        if (expected.equals(auth)) {
            respond(ex, 200, IMAGE, IMAGE.length);
        } else {
            ex.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"firmware\"");
            respond(ex, 401, new byte[0], -1);
        }
    }

    static byte[] image(int size) {
        byte[] b = new byte[size];
        for (int i = 0; i < size; i++) {
            b[i] = (byte) (i * 31 + 7);
        }
        return b;
    }

    Path download(Downloader d, String url) throws Exception {
        Path file = target.resolve("update-1.part");
        Files.deleteIfExists(file);
        Files.createFile(file);
        d.download(TransferLocation.parse(url), file, settings, a -> { });
        return file;
    }

    Path http(String url) throws Exception {
        return download(new HttpDownloader(), url);
    }

    Path ftp(String url) throws Exception {
        return download(new FtpDownloader(), url);
    }

    // ---------------------------------------------------------------- HTTP(S)

    @Test
    void http_wholeFile() throws Exception {
        assertThat(http("http://127.0.0.1:" + http.getAddress().getPort() + "/fw.zip")).hasBinaryContent(IMAGE);
    }

    @Test
    void http_userInfoSentAsBasicAuthentication() throws Exception {
        String url = "http://" + USER + ":" + SECRET_IN_URL + "@127.0.0.1:" + http.getAddress().getPort()
                + "/private/fw.zip";
        assertThat(http(url)).hasBinaryContent(IMAGE);
    }

    @Test
    void http_wrongPassword_failsWithoutNamingIt() {
        String url = "http://" + USER + ":wrong-pw@127.0.0.1:" + http.getAddress().getPort() + "/private/fw.zip";
        assertThatThrownBy(() -> http(url)).isInstanceOf(DownloadException.class).hasMessage("HTTP 401");
    }

    @Test
    void http_notFound() {
        assertThatThrownBy(() -> http("http://127.0.0.1:" + http.getAddress().getPort() + "/missing.zip"))
                .isInstanceOf(DownloadException.class).hasMessage("HTTP 404");
    }

    @Test
    void http_serverClosesBeforeTheDeclaredLength_truncated() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Thread t = new Thread(() -> {
                try (java.net.Socket s = server.accept()) {
                    s.getInputStream().read(new byte[4096]);
                    OutputStream out = s.getOutputStream();
                    out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + IMAGE.length + "\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
                    out.write(IMAGE, 0, 1000);
                    out.flush();
                } catch (IOException e) {
                    // test fails on the client side
                }
            });
            t.start();
            assertThatThrownBy(() -> http("http://127.0.0.1:" + server.getLocalPort() + "/fw.zip"))
                    .isInstanceOf(DownloadException.class).hasMessageStartingWith("truncated");
            t.join(10_000);
        }
    }

    @Test
    void http_serverGoesSilent_givenUpAfterTheTransferTimeout() {
        settings = settings.withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(2));
        assertThatThrownBy(() -> http("http://127.0.0.1:" + http.getAddress().getPort() + "/stalled.zip"))
                .isInstanceOf(DownloadException.class).hasMessage("no data for 2 s");
    }

    @Test
    void http_declaredLengthAboveTheMaximum_refusedBeforeTheBody() {
        settings = settings.withMaxImageBytes(IMAGE.length - 1);
        assertThatThrownBy(() -> http("http://127.0.0.1:" + http.getAddress().getPort() + "/fw.zip"))
                .isInstanceOf(DownloadException.class).hasMessageContaining("larger than the configured maximum");
    }

    @Test
    void http_chunkedBodyAboveTheMaximum_cutOff() {
        settings = settings.withMaxImageBytes(10_000);
        assertThatThrownBy(() -> http("http://127.0.0.1:" + http.getAddress().getPort() + "/chunked.zip"))
                .isInstanceOf(DownloadException.class).hasMessageContaining("maximum of 10000 bytes");
    }

    @Test
    void http_connectionRefused() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        int closed = port;
        assertThatThrownBy(() -> http("http://127.0.0.1:" + closed + "/fw.zip")).isInstanceOf(DownloadException.class)
                .hasMessage("connection refused or unreachable");
    }

    @Test
    void https_serverTrustedThroughTheConfiguredTrustStore() throws Exception {
        settings = settings.withTrustStore(trustStore, STORE_PASSWORD.toCharArray());
        assertThat(http("https://localhost:" + https.getAddress().getPort() + "/fw.zip")).hasBinaryContent(IMAGE);
    }

    @Test
    void https_untrustedServerRefused() {
        assertThatThrownBy(() -> http("https://localhost:" + https.getAddress().getPort() + "/fw.zip"))
                .isInstanceOf(DownloadException.class).hasMessageStartingWith("TLS handshake failed");
    }

    // ---------------------------------------------------------------- FTP(S)

    @Test
    void ftp_passiveBinaryWithCredentials() throws Exception {
        assertThat(ftp("ftp://" + USER + ":" + SECRET_IN_URL + "@127.0.0.1:" + ftpPort + "/releases/fw.zip"))
                .hasBinaryContent(IMAGE);
    }

    @Test
    void ftp_missingFile_failsWithTheServerReplyButNoPassword() {
        assertThatThrownBy(() -> ftp("ftp://" + USER + ":" + SECRET_IN_URL + "@127.0.0.1:" + ftpPort
                + "/releases/none.zip")).isInstanceOf(DownloadException.class).hasMessageContaining("550")
                .message().doesNotContain(SECRET);
    }

    @Test
    void ftp_wrongPassword() {
        assertThatThrownBy(() -> ftp("ftp://" + USER + ":nope@127.0.0.1:" + ftpPort + "/releases/fw.zip"))
                .isInstanceOf(DownloadException.class).hasMessageStartingWith("login failed: 530");
    }

    @Test
    void ftp_imageAboveTheMaximum_refused() {
        settings = settings.withMaxImageBytes(1000);
        assertThatThrownBy(() -> ftp("ftp://" + USER + ":" + SECRET_IN_URL + "@127.0.0.1:" + ftpPort
                + "/releases/fw.zip")).isInstanceOf(DownloadException.class)
                .hasMessageContaining("larger than the configured maximum");
    }

    @Test
    void ftps_explicitTlsTrustedThroughTheTrustStore() throws Exception {
        settings = settings.withTrustStore(trustStore, STORE_PASSWORD.toCharArray());
        assertThat(ftp("ftps://" + USER + ":" + SECRET_IN_URL + "@localhost:" + ftpsPort + "/releases/fw.zip"))
                .hasBinaryContent(IMAGE);
    }

    @Test
    void ftps_untrustedServerRefused() {
        assertThatThrownBy(() -> ftp("ftps://" + USER + ":" + SECRET_IN_URL + "@localhost:" + ftpsPort
                + "/releases/fw.zip")).isInstanceOf(DownloadException.class).message().doesNotContain(SECRET);
    }
}
