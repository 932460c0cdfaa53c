package io.galvani.itest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;

import io.galvani.csms.demo.Frame;
import io.galvani.csms.demo.Replies;

/** GetLog (N01) against the booted distribution, uploading to a real HTTP server on loopback. */
class DiagnosticsTest extends StationTestBase {
    private final CopyOnWriteArrayList<byte[]> uploads = new CopyOnWriteArrayList<>();
    private HttpServer server;

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.stop(0);
        }
    }

    private String startUploadServer() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/logs", exchange -> {
            uploads.add(exchange.getRequestBody().readAllBytes());
            exchange.sendResponseHeaders(201, -1);
            exchange.close();
        });
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/logs";
    }

    @Test
    void N01_diagnosticsLogIsUploadedWithTheRealLogs() throws Exception {
        csms.onCall("BootNotification", Replies.bootNotification("Accepted", 300));
        station = station().start();
        awaitCall(0, "StatusNotification");
        String url = startUploadServer();

        int mark = csms.mark();
        JsonNode response = csms.call(station.id(), "GetLog", "{\"logType\":\"DiagnosticsLog\",\"requestId\":7,"
                + "\"log\":{\"remoteLocation\":\"" + url + "\"}}").get(20, TimeUnit.SECONDS);
        assertThat(response.at("/status").asText()).isEqualTo("Accepted");
        assertThat(response.at("/filename").asText()).isNotBlank();

        Frame uploading = awaitCall(mark, "LogStatusNotification");
        assertThat(uploading.payload().at("/status").asText()).isEqualTo("Uploading");
        assertThat(uploading.payload().at("/requestId").asInt()).isEqualTo(7);
        Frame done = awaitCall(csms.frames().indexOf(uploading) + 1, "LogStatusNotification");
        assertThat(done.payload().at("/status").asText()).isEqualTo("Uploaded");
        assertThat(done.payload().at("/requestId").asInt()).isEqualTo(7);

        assertThat(uploads).hasSize(1);
        Map<String, String> files = unzip(uploads.get(0));
        assertThat(files).isNotEmpty();
        assertThat(String.join("\n", files.values())).as("the OCPP traffic of this very station")
                .contains("BootNotification").contains(station.id());
    }

    @Test
    void N01_securityLogHoldsTheStartupEvent() throws Exception {
        csms.onCall("BootNotification", Replies.bootNotification("Accepted", 300));
        station = station().start();
        awaitCall(0, "StatusNotification");
        String url = startUploadServer();

        int mark = csms.mark();
        assertThat(csms.call(station.id(), "GetLog", "{\"logType\":\"SecurityLog\",\"requestId\":9,"
                + "\"log\":{\"remoteLocation\":\"" + url + "\"}}").get(20, TimeUnit.SECONDS).at("/status").asText())
                .isEqualTo("Accepted");
        Frame done = csms.awaitFrame(mark, f -> f.isCall() && "LogStatusNotification".equals(f.action())
                && !"Uploading".equals(f.payload().at("/status").asText()), WAIT);
        assertThat(done.payload().at("/status").asText()).isEqualTo("Uploaded");
        Map<String, String> files = unzip(uploads.get(0));
        assertThat(files.keySet()).contains("security.log")
                .noneMatch(name -> name.startsWith("galvani.") || name.startsWith("ocpp-messages"));
        assertThat(String.join("\n", files.values())).contains("StartupOfTheDevice reason=PowerUp");
    }

    @Test
    void N01_unreachableServerEndsInUploadFailure() throws Exception {
        csms.onCall("BootNotification", Replies.bootNotification("Accepted", 300));
        station = station().start();
        awaitCall(0, "StatusNotification");
        String url = startUploadServer();
        server.stop(0);
        server = null;

        int mark = csms.mark();
        assertThat(csms.call(station.id(), "GetLog", "{\"logType\":\"DiagnosticsLog\",\"requestId\":8,\"retries\":1,"
                + "\"retryInterval\":1,\"log\":{\"remoteLocation\":\"" + url + "\"}}").get(20, TimeUnit.SECONDS)
                .at("/status").asText()).isEqualTo("Accepted");
        Frame last = csms.awaitFrame(mark, f -> f.isCall() && "LogStatusNotification".equals(f.action())
                && !"Uploading".equals(f.payload().at("/status").asText()), WAIT);
        assertThat(last.payload().at("/status").asText()).isEqualTo("UploadFailure");
        assertThat(last.payload().at("/requestId").asInt()).isEqualTo(8);
    }

    /** The zip inside a raw upload body (multipart or not): entry name to text. */
    static Map<String, String> unzip(byte[] body) throws Exception {
        int start = indexOf(body, new byte[] { 'P', 'K', 3, 4 });
        assertThat(start).as("a zip in the upload").isNotNegative();
        Map<String, String> files = new HashMap<>();
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(body, start, body.length - start))) {
            for (ZipEntry e; (e = zip.getNextEntry()) != null;) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                zip.transferTo(out);
                byte[] bytes = out.toByteArray();
                if (e.getName().endsWith(".gz")) {
                    bytes = new java.util.zip.GZIPInputStream(new ByteArrayInputStream(bytes)).readAllBytes();
                }
                files.put(e.getName(), new String(bytes, StandardCharsets.UTF_8));
            }
        }
        return files;
    }

    private static int indexOf(byte[] data, byte[] pattern) {
        outer:
        for (int i = 0; i + pattern.length <= data.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
