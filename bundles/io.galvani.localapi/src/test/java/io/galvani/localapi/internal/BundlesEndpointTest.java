package io.galvani.localapi.internal;

import static io.galvani.localapi.internal.Fakes.config;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.apache.felix.framework.FrameworkFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.launch.Framework;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.galvani.firmware.api.BundleEntry;
import io.galvani.firmware.api.BundleSet;
import io.galvani.firmware.api.FirmwareInstaller;
import io.galvani.firmware.api.InstallPlan;
import io.galvani.firmware.api.InstallProgress;
import io.galvani.firmware.api.InstallResult;
import io.galvani.localapi.internal.Fakes.FakeStation;

/** GET /api/v1/bundles over real HTTP, listing the bundles of a real Felix framework. */
class BundlesEndpointTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path storage;
    private Framework framework;
    private LocalApi api;
    private Bundle host;
    private Bundle fragment;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    @BeforeEach
    void startFrameworkWithAHostAndItsFragment() throws Exception {
        framework = new FrameworkFactory().newFramework(Map.of(Constants.FRAMEWORK_STORAGE, storage.toString(),
                Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT));
        framework.start();
        host = framework.getBundleContext().installBundle("test:host", jar(Map.of(
                "Bundle-SymbolicName", "com.example.host", "Bundle-Version", "1.2.3")));
        fragment = framework.getBundleContext().installBundle("test:fragment", jar(Map.of(
                "Bundle-SymbolicName", "com.example.host.config", "Bundle-Version", "1.0.0.hotfix",
                "Fragment-Host", "com.example.host")));
        host.start();
        api = new LocalApi(config(0), new FakeStation(), "CS-TEST-1", framework.getBundleContext());
        api.start();
    }

    @AfterEach
    void stop() throws Exception {
        api.stop();
        framework.stop();
        framework.waitForStop(10_000);
    }

    @Test
    void listsEveryBundleWithStateStartLevelAndFragment() throws Exception {
        HttpResponse<String> response = get("/api/v1/bundles");
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(response.body());

        assertThat(body.get("firmwareVersion").isNull()).as("no firmware installer running").isTrue();
        assertThat(body.get("frameworkStartLevel").asInt()).isEqualTo(1);
        JsonNode bundles = body.get("bundles");
        assertThat(bundles).hasSize(3);
        assertThat(bundles.get(0).get("id").asLong()).isZero();
        assertThat(bundles.get(0).get("symbolicName").asText()).isEqualTo("org.apache.felix.framework");
        assertThat(bundles.get(0).get("startLevel").asInt()).isZero();
        assertThat(JSON.writeValueAsString(bundles.get(1))).isEqualTo("{\"id\":" + host.getBundleId()
                + ",\"symbolicName\":\"com.example.host\",\"version\":\"1.2.3\",\"state\":\"ACTIVE\",\"startLevel\":1,\"fragment\":false}");
        assertThat(JSON.writeValueAsString(bundles.get(2))).isEqualTo("{\"id\":" + fragment.getBundleId()
                + ",\"symbolicName\":\"com.example.host.config\",\"version\":\"1.0.0.hotfix\",\"state\":\"RESOLVED\",\"startLevel\":1,\"fragment\":true}");
    }

    @Test
    void followsTheFrameworkAndReportsTheInstalledFirmwareVersion() throws Exception {
        FirmwareInstaller installer = installer(new BundleSet("1.4.2", List.of(new BundleEntry("com.example.host", "1.2.3", "ab", 5))));
        api.bindFirmwareInstaller(installer);
        host.stop();

        JsonNode body = JSON.readTree(get("/api/v1/bundles").body());
        assertThat(body.get("firmwareVersion").asText()).isEqualTo("1.4.2");
        assertThat(body.at("/bundles/1/state").asText()).isEqualTo("RESOLVED");

        api.unbindFirmwareInstaller(installer);
        assertThat(JSON.readTree(get("/api/v1/bundles").body()).get("firmwareVersion").isNull()).isTrue();
    }

    @Test
    void aFailingInstallerStillLetsTheListingAnswer() throws Exception {
        api.bindFirmwareInstaller(installer(null));
        HttpResponse<String> response = get("/api/v1/bundles");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(response.body()).get("firmwareVersion").isNull()).isTrue();
    }

    @Test
    void onlyGet() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri("/api/v1/bundles"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(405);
        assertThat(response.headers().firstValue("Allow")).hasValue("GET");
    }

    /** An installer whose {@code installed()} answers {@code set}, or fails when it is null. */
    private static FirmwareInstaller installer(BundleSet set) {
        return new FirmwareInstaller() {
            @Override
            public BundleSet installed() {
                if (set == null) {
                    throw new IllegalStateException("installer broken (expected by the test)");
                }
                return set;
            }

            @Override
            public InstallPlan check(Path image) {
                throw new UnsupportedOperationException();
            }

            @Override
            public InstallResult install(InstallPlan plan, InstallProgress progress) {
                throw new UnsupportedOperationException();
            }
        };
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + api.port() + path);
    }

    private static ByteArrayInputStream jar(Map<String, String> headers) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().putValue("Bundle-ManifestVersion", "2");
        headers.forEach(manifest.getMainAttributes()::putValue);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        new JarOutputStream(bytes, manifest).close();
        return new ByteArrayInputStream(bytes.toByteArray());
    }
}
