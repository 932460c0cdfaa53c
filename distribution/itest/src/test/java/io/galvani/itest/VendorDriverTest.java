package io.galvani.itest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.OutputStream;
import java.lang.reflect.Method;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

import com.fasterxml.jackson.databind.JsonNode;

import io.galvani.csms.demo.Frame;

/**
 * A third-party driver installed into a running station, as an operator or vendor would: the example Ethernet
 * RFID reader driver (com.example.galvani.rfid.tcp, built against the HAL API only) is installed and started,
 * configured through Config Admin, connects to a reader (a TCP server of this test on loopback), and a card read
 * there starts the station's authorization: Authorize reaches the CSMS. The operator's listing (GET /api/v1/bundles)
 * shows it ACTIVE, then RESOLVED once stopped; stopping it leaves no thread. The same for a driver generated from
 * the archetype.
 */
class VendorDriverTest extends StationTestBase {
    private static final Path DRIVER = Path.of(System.getProperty("galvani.vendor.drivers", "target/vendor-drivers"),
            "com.example.galvani.rfid.tcp.jar");
    private static final Path GENERATED = Path.of(System.getProperty("galvani.generated.driver",
            "../../hal-bundles/galvani-driver-archetype/target/test-classes/projects/token-reader/project/com.acme.galvani.rfid/target/com.acme.galvani.rfid-1.0.0-SNAPSHOT.jar"));
    private static final String TOKEN_READER = "io.galvani.hal.api.TokenReader";

    @Test
    void anInstalledVendorReaderDriverFeedsTheStationsAuthorization() throws Exception {
        assertThat(DRIVER).as("the example driver, copied by the build").exists();
        station = station().start();
        awaitCall(0, "StatusNotification");
        csms.awaitConnected(station.id(), WAIT);

        try (ServerSocket reader = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            BundleContext context = station.framework().getBundleContext();
            Bundle driver;
            try (var in = Files.newInputStream(DRIVER)) {
                driver = context.installBundle("vendor:com.example.galvani.rfid.tcp", in);
            }
            driver.start();
            assertThat(driver.getState()).isEqualTo(Bundle.ACTIVE);
            assertThat(registersTokenReader(driver)).as("no configuration yet: the component waits for one").isFalse();

            configure(context, "com.example.galvani.rfid.tcp", Map.of("hal.evse.id", 0, "host", "127.0.0.1",
                    "port", reader.getLocalPort(), "reconnectMinMillis", 100L));
            await().atMost(WAIT).until(() -> registersTokenReader(driver));
            JsonNode listed = listed(driver.getBundleId());
            assertThat(listed.get("symbolicName").asText()).isEqualTo("com.example.galvani.rfid.tcp");
            assertThat(listed.get("state").asText()).isEqualTo("ACTIVE");
            assertThat(listed.get("version").asText()).startsWith("1.0.0.");
            assertThat(listed.get("fragment").asBoolean()).isFalse();
            reader.setSoTimeout((int) WAIT.toMillis());
            try (Socket connection = reader.accept()) {
                int mark = csms.mark();
                station.post("/api/v1/evses/1/plug", "", 200);
                awaitCall(mark, "StatusNotification");

                OutputStream out = connection.getOutputStream();
                out.write("04:a2:b3:c4:d5:e6:f7\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();

                Frame authorize = awaitCall(mark, "Authorize");
                assertThat(authorize.payload().at("/idToken/idToken").asText()).isEqualTo("04A2B3C4D5E6F7");
                assertThat(authorize.payload().at("/idToken/type").asText()).isEqualTo("ISO14443");

                driver.stop();
                connection.setSoTimeout((int) WAIT.toMillis());
                assertThat(connection.getInputStream().read()).as("the driver closed its connection").isEqualTo(-1);
            }
            assertThat(registersTokenReader(driver)).isFalse();
            assertThat(listed(driver.getBundleId()).get("state").asText()).isEqualTo("RESOLVED");
            assertThat(Thread.getAllStackTraces().keySet()).as("threads left by the stopped driver")
                    .noneMatch(t -> t.getName().startsWith("example-rfid-tcp-"));
            driver.uninstall();
        }
    }

    /** The bundle as the operator's listing shows it (GET /api/v1/bundles). */
    private JsonNode listed(long bundleId) throws Exception {
        for (JsonNode b : station.get("/api/v1/bundles").get("bundles")) {
            if (b.get("id").asLong() == bundleId) {
                return b;
            }
        }
        throw new AssertionError("bundle " + bundleId + " is not in GET /api/v1/bundles");
    }

    private static boolean registersTokenReader(Bundle bundle) {
        ServiceReference<?>[] services = bundle.getRegisteredServices();
        return services != null && Arrays.stream(services)
                .anyMatch(r -> Arrays.asList((String[]) r.getProperty("objectClass")).contains(TOKEN_READER));
    }

    /**
     * A driver generated from the archetype (by its integration test, then built there) installs into the running
     * station: with a configuration its component activates and registers its TokenReader; stopped, it leaves no
     * thread. (The skeleton has no device protocol yet, so no card is read here.)
     */
    @Test
    void aDriverGeneratedFromTheArchetypeInstallsAndActivates() throws Exception {
        assertThat(GENERATED).as("the driver generated and built by the archetype's integration test").exists();
        station = station().start();
        awaitCall(0, "StatusNotification");
        BundleContext context = station.framework().getBundleContext();
        Bundle driver;
        try (var in = Files.newInputStream(GENERATED)) {
            driver = context.installBundle("vendor:com.acme.galvani.rfid", in);
        }
        driver.start();
        configure(context, "com.acme.galvani.rfid", Map.of("hal.evse.id", 0, "address", "10.0.0.7"));

        await().atMost(WAIT).until(() -> registersTokenReader(driver));
        assertThat(listed(driver.getBundleId()).get("state").asText()).isEqualTo("ACTIVE");

        driver.stop();
        assertThat(registersTokenReader(driver)).isFalse();
        assertThat(Thread.getAllStackTraces().keySet()).as("threads left by the stopped driver")
                .noneMatch(t -> t.getName().startsWith("com.acme.galvani.rfid-"));
        driver.uninstall();
    }

    /**
     * Creates a factory configuration through the station's Config Admin. The cm API lives in the framework's
     * class space, not this test's, so it is called reflectively through the interfaces.
     */
    private static void configure(BundleContext context, String factoryPid, Map<String, Object> values) throws Exception {
        ServiceReference<?> ref = context.getServiceReference("org.osgi.service.cm.ConfigurationAdmin");
        assertThat(ref).as("Config Admin in the station").isNotNull();
        Object admin = context.getService(ref);
        Class<?> adminType = ref.getBundle().loadClass("org.osgi.service.cm.ConfigurationAdmin");
        Class<?> configurationType = ref.getBundle().loadClass("org.osgi.service.cm.Configuration");
        Method factoryConfiguration = adminType.getMethod("getFactoryConfiguration", String.class, String.class, String.class);
        Object configuration = factoryConfiguration.invoke(admin, factoryPid, "test", "?");
        configurationType.getMethod("update", Dictionary.class).invoke(configuration, new Hashtable<>(values));
        context.ungetService(ref);
    }
}
