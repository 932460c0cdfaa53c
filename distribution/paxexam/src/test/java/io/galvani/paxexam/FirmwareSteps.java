package io.galvani.paxexam;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

import io.galvani.csms.demo.DemoCsms;
import io.galvani.csms.demo.Direction;
import io.galvani.firmware.api.BundleChange;
import io.galvani.firmware.api.BundleEntry;
import io.galvani.firmware.api.FirmwareInstaller;
import io.galvani.firmware.api.ImageRejectedException;
import io.galvani.firmware.api.InstallPlan;
import io.galvani.firmware.api.InstallProgress;
import io.galvani.firmware.api.InstallResult;
import io.galvani.firmware.installer.image.ContentHash;
import io.galvani.firmware.installer.image.ImageManifest;
import io.galvani.firmware.installer.image.ImageWriter;
import io.galvani.hal.sim.api.EvSimulator;
import io.galvani.hal.sim.api.TokenSimulator;
import io.galvani.ocpp.api.OcppLink;

/**
 * The installer's steps inside the framework. Images are made from the distribution's own jars (the installed set)
 * with one bundle rewritten: new Bundle-Version, an extra resource, and per test a broken activator or an import
 * nobody exports. Waits are on conditions.
 */
final class FirmwareSteps extends StationSteps {
    static final Duration WAIT = Duration.ofSeconds(30);
    private static final String INSTALLER = "io.galvani.firmware.installer";
    private static final String RFID = "io.galvani.hal.sim.rfid";
    private static final String DISPLAY = "io.galvani.hal.sim.display";
    private static final String CABINET = "io.galvani.hal.sim.cabinet";
    private static final String CARD = "04A2B3C4D5E6F7";

    private final Path home;
    private final Path dataDir;
    private final Path work;

    FirmwareSteps(BundleContext context) throws IOException {
        super(context, WAIT);
        this.home = Path.of(context.getProperty("galvani.home"));
        this.dataDir = Path.of(context.getProperty("galvani.data.dir"));
        this.work = Files.createTempDirectory(dataDir, "firmware-test-");
    }

    // ------------------------------------------------------------------ tests

    void oneDriverSwapsLive() throws Exception {
        try (DemoCsms csms = startCsms()) {
            FirmwareInstaller installer = freshInstaller();
            awaitBootAccepted(csms);
            Map<String, long[]> before = idsAndStates();
            Bundle rfid = bundle(RFID);
            String originalVersion = rfid.getVersion().toString();

            Path image = image("fw-test-2", RFID, j -> { });
            InstallPlan plan = installer.check(image);
            assertEquals(List.of(new BundleChange(RFID, originalVersion, "0.1.1.fwtest", BundleChange.Kind.UPDATED, false)), plan.changes());
            assertEquals(List.of(RFID), plan.restarted());
            assertFalse(plan.touchesPowerPath());
            assertFalse(plan.touchesTransport());
            assertEquals("check changes nothing", originalVersion, bundle(RFID).getVersion().toString());

            List<String> stopped = new java.util.concurrent.CopyOnWriteArrayList<>();
            org.osgi.framework.BundleListener listener = (org.osgi.framework.SynchronousBundleListener) event -> {
                if (event.getType() == org.osgi.framework.BundleEvent.STOPPING) {
                    stopped.add(event.getBundle().getSymbolicName());
                }
            };
            context.addBundleListener(listener);
            InstallResult result;
            try {
                result = installer.install(plan, new InstallProgress() { });
            } finally {
                context.removeBundleListener(listener);
            }
            report("live swap of " + RFID, result);
            assertEquals("only the changed driver was stopped", List.of(RFID), stopped);
            assertEquals(result.detail(), InstallResult.Status.INSTALLED, result.status());
            assertEquals("fw-test-2", result.installed().firmwareVersion());
            assertEquals("fw-test-2", installer.installed().firmwareVersion());
            assertEquals(0, result.linkDownMillis());
            assertEquals("the OCPP connection never dropped", 1, csms.connectionCount(stationId));
            assertTrue(csms.isConnected(stationId));

            Bundle swapped = bundle(RFID);
            assertEquals("0.1.1.fwtest", swapped.getVersion().toString());
            assertNotNull("the new content is in place", swapped.getEntry("firmware-test.txt"));
            assertEquals(Bundle.ACTIVE, swapped.getState());
            Map<String, long[]> after = idsAndStates();
            for (Map.Entry<String, long[]> e : before.entrySet()) {
                if (!e.getKey().equals(RFID)) {
                    assertEquals(e.getKey() + " kept its id", e.getValue()[0], after.get(e.getKey())[0]);
                    assertEquals(e.getKey() + " kept its state", e.getValue()[1], after.get(e.getKey())[1]);
                    assertEquals(e.getKey() + " was not restarted", e.getValue()[2], after.get(e.getKey())[2]);
                }
            }
            assertEquals("BootNotification reports the new version", "fw-test-2", provisioningFirmwareVersion());
            assertTrue("every frame well-formed: " + csms.violations(), csms.violations().isEmpty());

            // The same image again: nothing to do.
            assertTrue(installer.check(image).changes().isEmpty());

            // The console commands, called the way Gogo calls them (a service with osgi.command.* properties).
            String set = gogo("set");
            assertTrue(set, set.startsWith("Firmware fw-test-2 ("));
            assertTrue(set, set.matches("(?s).*" + RFID.replace(".", "\\.") + " +0\\.1\\.1\\.fwtest +ACTIVE +5 .*"));
            assertTrue(set, set.matches("(?s).*io\\.galvani\\.hal\\.sim\\.cabinet .* yes .*"));
            assertTrue(gogo("check", image.toString()).contains("No bundle changes."));
            assertTrue(gogo("check", work.resolve("missing.zip").toString()).startsWith("Refused (MALFORMED)"));
        }
    }

    void activatorFailureRollsBack() throws Exception {
        try (DemoCsms csms = startCsms()) {
            FirmwareInstaller installer = freshInstaller();
            awaitBootAccepted(csms);
            Bundle display = bundle(DISPLAY);
            String originalHash = installed(installer, DISPLAY).sha256();
            long id = display.getBundleId();

            Path image = image("fw-broken", DISPLAY, jar -> {
                jar.manifest.putValue("Bundle-Activator", ThrowingActivator.class.getName());
                jar.manifest.putValue("Import-Package", jar.manifest.getValue("Import-Package") + ",org.osgi.framework");
                jar.entries.put(ThrowingActivator.class.getName().replace('.', '/') + ".class", classBytes(ThrowingActivator.class));
            });
            InstallPlan plan = installer.check(image);
            assertEquals(List.of(DISPLAY), plan.restarted());

            InstallResult result = installer.install(plan, new InstallProgress() { });
            report("failing activator, rollback", result);
            assertEquals(result.detail(), InstallResult.Status.INSTALLATION_FAILED, result.status());
            assertTrue(result.detail(), result.detail().contains("start of bundle " + DISPLAY));
            assertTrue(result.detail(), result.detail().contains("rolled back"));
            assertEquals(installer.installed(), result.installed());
            assertNotEquals("fw-broken", installer.installed().firmwareVersion());

            Bundle after = bundle(DISPLAY);
            assertEquals(id, after.getBundleId());
            assertEquals(Bundle.ACTIVE, after.getState());
            assertEquals("the old jar runs again", display.getVersion(), after.getVersion());
            assertEquals(originalHash, liveHash(after));
            assertNotEquals("fw-broken", provisioningFirmwareVersion());
            assertTrue(csms.isConnected(stationId));
        }
    }

    void componentFailureRollsBack() throws Exception {
        try (DemoCsms csms = startCsms()) {
            FirmwareInstaller installer = freshInstaller();
            awaitBootAccepted(csms);
            String originalHash = liveHash(bundle(RFID));
            String xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                    + "<scr:component xmlns:scr=\"http://www.osgi.org/xmlns/scr/v1.3.0\" name=\"fwtest.throwing\" immediate=\"true\""
                    + " activate=\"activate\"><implementation class=\"" + ThrowingComponent.class.getName() + "\"/></scr:component>\n";
            Path image = image("fw-component", RFID, jar -> {
                jar.manifest.putValue("Service-Component", jar.manifest.getValue("Service-Component") + ",OSGI-INF/fwtest.throwing.xml");
                jar.entries.put("OSGI-INF/fwtest.throwing.xml", xml.getBytes(StandardCharsets.UTF_8));
                jar.entries.put(ThrowingComponent.class.getName().replace('.', '/') + ".class", classBytes(ThrowingComponent.class));
            });
            InstallResult result = installer.install(installer.check(image), new InstallProgress() { });
            report("failing DS component, rollback", result);
            assertEquals(result.detail(), InstallResult.Status.INSTALLATION_FAILED, result.status());
            assertTrue(result.detail(), result.detail().contains("component fwtest.throwing of bundle " + RFID + " failed to activate"));
            assertEquals(originalHash, liveHash(bundle(RFID)));
            assertEquals(Bundle.ACTIVE, bundle(RFID).getState());
            assertTrue(csms.isConnected(stationId));
        }
    }

    void unresolvableSetRefused() throws Exception {
        FirmwareInstaller installer = freshInstaller();
        Bundle rfid = bundle(RFID);
        long modified = rfid.getLastModified();
        Path image = image("fw-unresolvable", RFID,
                jar -> jar.manifest.putValue("Import-Package", jar.manifest.getValue("Import-Package") + ",io.galvani.nowhere;version=\"[1.0,2)\""));
        try {
            installer.check(image);
            fail("an image whose bundle imports a package nobody exports must be refused");
        } catch (ImageRejectedException e) {
            assertEquals(ImageRejectedException.Reason.DOES_NOT_RESOLVE, e.reason());
            assertTrue(e.getMessage(), e.getMessage().contains("io.galvani.nowhere"));
            assertTrue(e.getMessage(), e.getMessage().contains(RFID));
        }
        assertEquals("nothing changed", modified, bundle(RFID).getLastModified());
        assertEquals(Bundle.ACTIVE, bundle(RFID).getState());
        assertFalse(Files.exists(dataDir.resolve("firmware/journal.json")));
    }

    void healthCheckFailureRollsBack() throws Exception {
        DemoCsms csms = startCsms();
        try {
            FirmwareInstaller installer = freshInstaller();
            configureInstaller(Map.of("healthTimeoutSeconds", 2));
            awaitBootAccepted(csms);
            Bundle rfid = bundle(RFID);
            String originalHash = liveHash(rfid);
            InstallPlan plan = installer.check(image("fw-unhealthy", RFID, j -> { }));

            // The CSMS goes away while the bundles are swapped: the new set never gets the link back.
            InstallResult result = installer.install(plan, new InstallProgress() {
                @Override
                public void installing() {
                    csms.close();
                    until("the station sees the link down", () -> linkConnected() ? "still connected" : null);
                }
            });
            report("health check failure, rollback", result);
            assertEquals(result.detail(), InstallResult.Status.VERIFICATION_FAILED, result.status());
            assertTrue(result.detail(), result.detail().contains("OCPP link down"));
            assertTrue(result.linkDownMillis() > 0);
            assertEquals(originalHash, liveHash(bundle(RFID)));
            assertEquals(Bundle.ACTIVE, bundle(RFID).getState());
            assertNotEquals("fw-unhealthy", installer.installed().firmwareVersion());
            assertNotEquals("fw-unhealthy", provisioningFirmwareVersion());
        } finally {
            csms.close();
        }
    }

    void powerPathWaitsForIdle() throws Exception {
        try (DemoCsms csms = startCsms()) {
            FirmwareInstaller installer = freshInstaller();
            awaitBootAccepted(csms);
            Bundle cabinet = bundle(CABINET);
            long modified = cabinet.getLastModified();
            InstallPlan plan = installer.check(image("fw-cabinet", CABINET, j -> { }));
            assertTrue(plan.touchesPowerPath());
            assertEquals(List.of(CABINET), plan.restarted());

            int mark = csms.mark();
            service(EvSimulator.class, "(hal.evse.id=1)").plug();
            service(TokenSimulator.class, null).present(CARD, "ISO14443", 1);
            csms.awaitFrame(mark, f -> f.dir() == Direction.TO_CSMS && "TransactionEvent".equals(f.action())
                    && "Charging".equals(f.payload().at("/transactionInfo/chargingState").asText()), WAIT);

            CountDownLatch waiting = new CountDownLatch(1);
            CountDownLatch installing = new CountDownLatch(1);
            CompletableFuture<InstallResult> result = CompletableFuture.supplyAsync(() -> {
                try {
                    return installer.install(plan, new InstallProgress() {
                        @Override
                        public void waitingForIdleEvses() {
                            waiting.countDown();
                        }

                        @Override
                        public void installing() {
                            installing.countDown();
                        }
                    });
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            assertTrue("told that it waits for idle EVSEs", waiting.await(WAIT.toSeconds(), TimeUnit.SECONDS));
            assertFalse("nothing swapped while charging", installing.await(300, TimeUnit.MILLISECONDS));
            assertEquals(modified, bundle(CABINET).getLastModified());
            assertFalse(result.isDone());

            int end = csms.mark();
            service(EvSimulator.class, "(hal.evse.id=1)").unplug();
            csms.awaitFrame(end, f -> f.dir() == Direction.TO_CSMS && "TransactionEvent".equals(f.action())
                    && "Ended".equals(f.payload().path("eventType").asText()), WAIT);
            InstallResult done = result.get(WAIT.toSeconds() * 2, TimeUnit.SECONDS);
            report("power-path swap after the session", done);
            assertEquals(done.detail(), InstallResult.Status.INSTALLED, done.status());
            assertEquals("0.1.1.fwtest", bundle(CABINET).getVersion().toString());
            assertEquals(Bundle.ACTIVE, bundle(CABINET).getState());
        }
    }

    /**
     * A power cut in the middle of a swap, re-enacted: the new RFID jar is in the framework, the journal says APPLYING
     * (written in the installer's format), then the installer starts again as at the next boot: it rolls back.
     */
    void journalRecovery() throws Exception {
        FirmwareInstaller installer = freshInstaller();
        String originalHash = liveHash(bundle(RFID));
        String originalVersion = installer.installed().firmwareVersion();

        interruptedInstallation("APPLYING");
        assertNotEquals(originalHash, liveHash(bundle(RFID)));
        restartInstaller();
        until("the installer rolled the interrupted installation back", () -> {
            if (Files.exists(dataDir.resolve("firmware/journal.json"))) {
                return "journal still there";
            }
            return hashOrError(RFID).equals(originalHash) ? null : "RFID driver still the new one";
        });
        assertEquals(Bundle.ACTIVE, bundle(RFID).getState());
        assertEquals(originalVersion, installer().installed().firmwareVersion());
    }

    /**
     * The power cut came after the swap, before the health check (journal APPLIED): at the next start the installer
     * runs the health check and, the station being healthy, keeps the new set.
     */
    void journalRecoveryAfterTheSwap() throws Exception {
        try (DemoCsms csms = startCsms()) {
            freshInstaller();
            awaitBootAccepted(csms);
            String newHash = interruptedInstallation("APPLIED");
            restartInstaller();
            until("the installer committed the interrupted installation", () -> {
                if (Files.exists(dataDir.resolve("firmware/journal.json"))) {
                    return "journal still there";
                }
                FirmwareInstaller i = installerOrNull();
                return i != null && "fw-interrupted".equals(i.installed().firmwareVersion()) ? null
                        : "installed " + (i == null ? null : i.installed().firmwareVersion());
            });
            assertEquals(newHash, liveHash(bundle(RFID)));
            assertEquals(Bundle.ACTIVE, bundle(RFID).getState());
            assertEquals("fw-interrupted", provisioningFirmwareVersion());
            assertEquals("interrupted", Files.readString(dataDir.resolve("firmware/current")).trim());
        }
    }

    /** Leaves the state of a power cut: set "interrupted" stored, journal in {@code phase}, the new RFID jar in. */
    private String interruptedInstallation(String phase) throws Exception {
        Path firmware = dataDir.resolve("firmware");
        String current = Files.readString(firmware.resolve("current")).trim();
        Path image = image("fw-interrupted", RFID, j -> { });
        Path set = firmware.resolve("sets/interrupted");
        Files.createDirectories(set);
        try (Stream<Path> jars = Files.list(work.resolve("jars"))) {
            for (Path jar : jars.toList()) {
                Files.copy(jar, set.resolve(jar.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
        ImageManifest manifest = new io.galvani.firmware.installer.image.ImageReader().read(image, work.resolve("check-" + phase)).manifest();
        Files.write(set.resolve("galvani-image.json"), manifest.toJson());
        Files.writeString(firmware.resolve("journal.json"), "{\"version\":1,\"phase\":\"" + phase + "\",\"fromSet\":\"" + current
                + "\",\"toSet\":\"interrupted\",\"previousFirmwareVersion\":\"\",\"powerPath\":false}");
        try (InputStream in = Files.newInputStream(work.resolve("jars/" + RFID + "-0.1.1.jar"))) {
            bundle(RFID).update(in);
        }
        return manifest.bundle(RFID).sha256();
    }

    /** Stops and starts the installer bundle: what it sees at the next boot. */
    private void restartInstaller() throws Exception {
        Bundle installerBundle = bundle(INSTALLER);
        installerBundle.stop();
        installerBundle.start();
    }

    private String hashOrError(String bsn) {
        try {
            return liveHash(bundle(bsn));
        } catch (IOException e) {
            return e.toString();
        }
    }

    // ------------------------------------------------------------------ images

    /** A jar being rewritten: its manifest's main attributes and its entries. */
    static final class JarEdit {
        final Attributes manifest;
        final Map<String, byte[]> entries;

        JarEdit(Attributes manifest, Map<String, byte[]> entries) {
            this.manifest = manifest;
            this.entries = entries;
        }
    }

    /**
     * The installed set's jars from the distribution folder, with {@code bundle} rewritten: version 0.1.1.fwtest, a
     * resource firmware-test.txt, and whatever {@code edit} changes.
     */
    private Path image(String firmwareVersion, String bundle, Consumer<JarEdit> edit) throws Exception {
        FirmwareInstaller installer = installer();
        Map<String, Integer> levels = new HashMap<>();
        installer.installed().bundles().forEach(b -> levels.put(b.symbolicName(), b.startLevel()));
        Path jarsDir = work.resolve("jars");
        deleteTree(jarsDir);
        Files.createDirectories(jarsDir);
        List<Path> jars = new ArrayList<>();
        try (Stream<Path> files = Files.list(home.resolve("bundle"))) {
            for (Path jar : files.filter(f -> f.toString().endsWith(".jar")).sorted().toList()) {
                String bsn = symbolicName(jar);
                if (!levels.containsKey(bsn)) {
                    continue;
                }
                if (bsn.equals(bundle)) {
                    Path rewritten = jarsDir.resolve(bsn + "-0.1.1.jar");
                    rewrite(jar, rewritten, edit);
                    jars.add(rewritten);
                } else {
                    Path copy = jarsDir.resolve(jar.getFileName());
                    Files.copy(jar, copy);
                    jars.add(copy);
                }
            }
        }
        Path image = work.resolve(firmwareVersion + ".zip");
        ImageWriter.write(image, firmwareVersion, Instant.now(), jars, levels::get);
        return image;
    }

    private static void rewrite(Path jar, Path out, Consumer<JarEdit> edit) throws IOException {
        Manifest manifest;
        Map<String, byte[]> entries = new java.util.LinkedHashMap<>();
        try (JarInputStream in = new JarInputStream(Files.newInputStream(jar))) {
            manifest = new Manifest(in.getManifest());
            for (JarEntry e; (e = in.getNextJarEntry()) != null;) {
                if (!e.isDirectory()) {
                    entries.put(e.getName(), in.readAllBytes());
                }
            }
        }
        manifest.getMainAttributes().putValue("Bundle-Version", "0.1.1.fwtest");
        entries.put("firmware-test.txt", "rewritten by FirmwareSteps\n".getBytes(StandardCharsets.UTF_8));
        edit.accept(new JarEdit(manifest.getMainAttributes(), entries));
        try (OutputStream file = Files.newOutputStream(out); JarOutputStream j = new JarOutputStream(file, manifest)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                j.putNextEntry(new JarEntry(e.getKey()));
                j.write(e.getValue());
                j.closeEntry();
            }
        }
    }

    private static byte[] classBytes(Class<?> type) {
        try (InputStream in = type.getClassLoader().getResourceAsStream(type.getName().replace('.', '/') + ".class")) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String symbolicName(Path jar) throws IOException {
        try (JarInputStream in = new JarInputStream(Files.newInputStream(jar))) {
            return in.getManifest().getMainAttributes().getValue("Bundle-SymbolicName").split(";")[0].trim();
        }
    }

    // ------------------------------------------------------------------ station

    /** The installer as at a first start: its state folder emptied, the bundle restarted, the set recorded anew. */
    private FirmwareInstaller freshInstaller() throws Exception {
        Bundle bundle = bundle(INSTALLER);
        bundle.stop();
        deleteTree(dataDir.resolve("firmware"));
        bundle.start();
        until("the installer recorded the installed set", () -> {
            FirmwareInstaller i = installerOrNull();
            return i != null && !i.installed().bundles().isEmpty() ? null : "no set recorded yet";
        });
        return installer();
    }

    private FirmwareInstaller installer() {
        FirmwareInstaller i = installerOrNull();
        assertNotNull("no FirmwareInstaller service", i);
        return i;
    }

    private FirmwareInstaller installerOrNull() {
        ServiceReference<FirmwareInstaller> ref = context.getServiceReference(FirmwareInstaller.class);
        return ref == null ? null : context.getService(ref);
    }

    private static BundleEntry installed(FirmwareInstaller installer, String bsn) {
        return installer.installed().bundle(bsn).orElseThrow();
    }

    private static String liveHash(Bundle bundle) throws IOException {
        ContentHash hash = new ContentHash();
        addEntries(bundle, "/", hash);
        return hash.hex();
    }

    private static void addEntries(Bundle bundle, String dir, ContentHash hash) throws IOException {
        var paths = bundle.getEntryPaths(dir);
        while (paths != null && paths.hasMoreElements()) {
            String path = paths.nextElement();
            if (path.endsWith("/")) {
                addEntries(bundle, path, hash);
            } else {
                try (InputStream in = bundle.getEntry(path).openStream()) {
                    hash.add(path, in);
                }
            }
        }
    }

    private void configureInstaller(Map<String, Object> values) throws Exception {
        ConfigurationAdmin ca = service(ConfigurationAdmin.class, null);
        Configuration c = ca.getConfiguration(INSTALLER, "?");
        Hashtable<String, Object> props = new Hashtable<>(values);
        c.update(props);
    }

    private String provisioningFirmwareVersion() throws Exception {
        Configuration c = service(ConfigurationAdmin.class, null).getConfiguration("io.galvani.provisioning", "?");
        Object v = c.getProperties() == null ? null : c.getProperties().get("firmwareVersion");
        return v == null ? null : v.toString();
    }

    private boolean linkConnected() {
        ServiceReference<OcppLink> ref = context.getServiceReference(OcppLink.class);
        return ref != null && context.getService(ref).status().connected();
    }

    /** Per bundle: id, state, last modified (which an update changes). */
    private Map<String, long[]> idsAndStates() {
        Map<String, long[]> result = new HashMap<>();
        for (Bundle b : context.getBundles()) {
            result.put(b.getSymbolicName() + "#" + b.getBundleId(), new long[] { b.getBundleId(), b.getState(), b.getLastModified() });
        }
        Map<String, long[]> byName = new HashMap<>();
        result.forEach((k, v) -> byName.put(k.substring(0, k.indexOf('#')), v));
        return byName;
    }

    /** Boot accepted, and the station's own link says connected too (the installer checks that one). */
    @Override
    void awaitBootAccepted(DemoCsms csms) {
        super.awaitBootAccepted(csms);
        until("the station's link reports connected", () -> linkConnected() ? null : "link down");
    }

    /** Calls a firmware:* console command on its service, as Gogo does. */
    private String gogo(String function, String... args) throws Exception {
        // Two bundles register firmware:* commands (the firmware bundle's status, the installer's set/check).
        var refs = context.getServiceReferences((String) null,
                "(&(osgi.command.scope=firmware)(osgi.command.function=" + function + "))");
        assertNotNull("no firmware console commands", refs);
        Object commands = context.getService(refs[0]);
        Class<?>[] types = new Class<?>[args.length];
        java.util.Arrays.fill(types, String.class);
        return (String) commands.getClass().getMethod(function, types).invoke(commands, (Object[]) args);
    }

    private static void report(String what, InstallResult result) {
        System.out.printf("FIRMWARE-MEASURE %s: %s swapMillis=%d linkDownMillis=%d (%s)%n", what, result.status(),
                result.swapMillis(), result.linkDownMillis(), result.detail());
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
