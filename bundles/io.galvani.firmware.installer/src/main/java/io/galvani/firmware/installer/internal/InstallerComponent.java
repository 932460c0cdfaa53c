package io.galvani.firmware.installer.internal;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.jar.JarInputStream;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.osgi.framework.startlevel.FrameworkStartLevel;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.resolver.Resolver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.galvani.firmware.api.BundleChange;
import io.galvani.firmware.api.BundleEntry;
import io.galvani.firmware.api.BundleSet;
import io.galvani.firmware.api.FirmwareInstaller;
import io.galvani.firmware.api.ImageRejectedException;
import io.galvani.firmware.api.ImageRejectedException.Reason;
import io.galvani.firmware.api.InstallPlan;
import io.galvani.firmware.api.InstallProgress;
import io.galvani.firmware.api.InstallResult;
import io.galvani.firmware.api.InstallResult.Status;
import io.galvani.firmware.installer.image.ContentHash;
import io.galvani.firmware.installer.image.Image;
import io.galvani.firmware.installer.image.ImageBundle;
import io.galvani.firmware.installer.image.ImageException;
import io.galvani.firmware.installer.image.ImageManifest;
import io.galvani.firmware.installer.image.ImageReader;

/**
 * {@link FirmwareInstaller}: see the bundle README for the image format, the files under
 * {@code <data dir>/firmware} and the steps of an installation. Station services are looked up by name
 * ({@link StationProbe}): an installation restarts the bundles that provide them, and the installer must outlive that.
 */
// Immediate: at start-up it must finish an installation a power cut interrupted, before anyone asks for the service.
@Component(configurationPid = InstallerComponent.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL, immediate = true)
@Designate(ocd = InstallerConfig.class)
public final class InstallerComponent implements FirmwareInstaller {
    static final String PID = "io.galvani.firmware.installer";
    /** The configuration whose firmwareVersion BootNotification reports (io.galvani.provisioning). */
    static final String PROVISIONING_PID = "io.galvani.provisioning";
    static final String TRANSPORT = "io.galvani.ocpp.rpc";
    /** Restarting these would stop the installer (or every DS component) in the middle of its work. */
    static final Set<String> NOT_LIVE = Set.of("org.apache.felix.scr");
    /**
     * System property the station launcher reads when the framework stops: restart in process with this boot reason
     * (io.galvani.launcher.StationLauncher.NEXT_BOOT_REASON; the operations bundle's Reset uses the same).
     */
    static final String NEXT_BOOT_REASON = "galvani.boot.reason.next";
    /** The launcher checks the staged set's bundles once the start level is reached: a slow start is minutes. */
    static final Duration LAUNCHER_VERDICT_WAIT = Duration.ofMinutes(5);
    /** BootReasonEnumType FirmwareUpdate: the BootNotification after the restart says why. */
    static final String BOOT_REASON_FIRMWARE_UPDATE = "FirmwareUpdate";
    private static final Logger LOG = LoggerFactory.getLogger(InstallerComponent.class);

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile Resolver resolver;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile ServiceComponentRuntime scr;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile ConfigurationAdmin configurationAdmin;

    private final BundleContext context;
    private final FirmwareStore store;
    private final LiveBundles live;
    private final SetApplier applier;
    private final Readiness readiness;
    private final ReentrantLock lock = new ReentrantLock();
    private final ScheduledExecutorService background = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "galvani-firmware-installer");
        t.setPriority(Thread.MIN_PRIORITY); // recording the first set hashes every jar: not at the expense of the boot
        return t;
    });
    private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "galvani-firmware-link-watch"));
    private final StationProbe probe;
    private final StagedSetFile stagedSet;
    /** Open once the start-up has finished (or undone) what a restart left to do: {@link #settled}. */
    /** Where the initial set is captured until it is complete. */
    static final String PARTIAL_CAPTURE = "initial.partial";
    private static final java.util.regex.Pattern ABANDONED_CAPTURE = java.util.regex.Pattern
            .compile("initial-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private final CountDownLatch startUpDone = new CountDownLatch(1);
    private final Path home;
    private volatile InstallerConfig config;
    private volatile BundleSet installed;

    @Activate
    public InstallerComponent(BundleContext context, InstallerConfig config) throws IOException {
        this.context = context;
        this.config = config;
        String dataDir = context.getProperty("galvani.data.dir");
        this.store = new FirmwareStore(Path.of(dataDir == null ? "galvani-data" : dataDir, "firmware").toAbsolutePath());
        String homeProperty = context.getProperty("galvani.home");
        this.home = homeProperty == null ? null : Path.of(homeProperty).toAbsolutePath().normalize();
        this.live = new LiveBundles(context);
        this.probe = new StationProbe(context);
        this.stagedSet = new StagedSetFile(store.root());
        this.applier = new SetApplier(context, live);
        this.readiness = new Readiness(() -> scr, live::bySymbolicName,
                () -> context.getBundle(0).adapt(FrameworkStartLevel.class).getStartLevel());
        // Capturing the first set copies and hashes every jar, and a journal may need a rollback: not on the
        // activating thread.
        background.execute(this::startUp);
    }

    @Modified
    void modified(InstallerConfig newConfig) {
        this.config = newConfig;
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        background.shutdownNow();
        sampler.shutdownNow();
        background.awaitTermination(10, TimeUnit.SECONDS);
        sampler.awaitTermination(10, TimeUnit.SECONDS);
        probe.close();
    }

    // ------------------------------------------------------------------ start-up: first capture, journal recovery

    private void startUp() {
        lock.lock();
        boolean restarting = false;
        try {
            if (store.currentName().isEmpty()) {
                captureInitialSet();
            }
            installed = toBundleSet(store.manifest(store.currentName().orElseThrow()));
            var journal = store.journal();
            if (journal.isPresent()) {
                restarting = recover(journal.get());
            }
        } catch (java.nio.channels.ClosedByInterruptException e) {
            LOG.info("Firmware installer stopped before it had recorded the installed set; it does at its next start");
        } catch (IOException | RuntimeException e) {
            LOG.error("Firmware installer cannot read its state in {}: {}", store.root(), e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (!restarting) {
                startUpDone.countDown();
            }
            lock.unlock();
        }
    }

    /**
     * Records the set the station was delivered with: every bundle installed from the distribution's bundle folder
     * (or by this installer), its jar copied, so that the first installation can be rolled back.
     *
     * <p>The copies go to one fixed folder and a copy whose content already matches is kept: a power cut during the
     * capture (it takes seconds on a busy station, each jar is fsynced) resumes it at the next start instead of
     * starting over and leaving a partial copy behind at every cut.
     */
    private void captureInitialSet() throws IOException {
        removeAbandonedCaptures();
        List<ImageBundle> bundles = new ArrayList<>();
        Path dir = store.set(PARTIAL_CAPTURE);
        Files.createDirectories(dir);
        for (Bundle b : live.bySymbolicName().values()) {
            Path jar = distributionJar(b);
            if (jar == null) {
                continue; // not the station's (a test framework's, an operator's): never touched
            }
            String file = jar.getFileName().toString();
            Path copy = dir.resolve(file);
            String liveHash = live.contentHash(b);
            String hash = copiedBefore(copy, liveHash) ? liveHash : null;
            if (hash == null) {
                AtomicFiles.copy(jar, copy);
                hash = ContentHash.ofJar(copy);
            }
            if (!hash.equals(liveHash)) {
                LOG.warn("Bundle {} differs from its jar {}: recorded as installed", b.getSymbolicName(), jar);
                hash = liveHash;
            }
            bundles.add(new ImageBundle(b.getSymbolicName(), b.getVersion().toString(), hash,
                    b.adapt(BundleStartLevel.class).getStartLevel(), file));
        }
        ImageManifest manifest = new ImageManifest(ImageManifest.FORMAT_VERSION, initialFirmwareVersion(), Instant.now(), bundles);
        String name = FirmwareStore.setName(manifest);
        AtomicFiles.deleteTree(store.set(name));
        Files.move(dir, store.set(name));
        store.completeSet(name, manifest);
        store.setCurrent(name);
        LOG.info("Firmware installer: recorded the installed set {} ({} bundles)", manifest.firmwareVersion(), bundles.size());
    }

    /** Whether {@code copy} exists from an interrupted capture with the content of the live bundle. */
    private static boolean copiedBefore(Path copy, String liveHash) {
        if (!Files.isRegularFile(copy)) {
            return false;
        }
        try {
            return ContentHash.ofJar(copy).equals(liveHash);
        } catch (IOException | RuntimeException e) {
            return false; // torn by the cut: copied again
        }
    }

    /** Earlier versions captured into a folder of a random name each time: those a cut left are deleted. */
    private void removeAbandonedCaptures() throws IOException {
        Path sets = store.set(PARTIAL_CAPTURE).getParent();
        if (!Files.isDirectory(sets)) {
            return;
        }
        try (var dirs = Files.list(sets)) {
            for (Path d : dirs.toList()) {
                String name = d.getFileName().toString();
                if (ABANDONED_CAPTURE.matcher(name).matches() && !store.isComplete(name)) {
                    AtomicFiles.deleteTree(d);
                }
            }
        }
    }

    private Path distributionJar(Bundle b) {
        String location = b.getLocation();
        if (home == null || !location.startsWith("file:")) {
            return null;
        }
        try {
            Path path = Path.of(URI.create(location)).toAbsolutePath().normalize();
            return path.startsWith(home.resolve("bundle")) && Files.isRegularFile(path) ? path : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private String initialFirmwareVersion() {
        String configured = configuredFirmwareVersion();
        if (!configured.isBlank()) {
            return configured;
        }
        if (home != null && Files.isRegularFile(home.resolve("VERSION"))) {
            try {
                String v = Files.readString(home.resolve("VERSION")).trim();
                if (!v.isEmpty() && v.length() <= ImageManifest.MAX_FIRMWARE_VERSION_LENGTH) {
                    return v;
                }
            } catch (IOException e) {
                // fall through
            }
        }
        return context.getBundle().getVersion().toString();
    }

    /**
     * A power cut interrupted an installation, or an installation continues across a restart: finish it or undo it.
     *
     * @return true when it restarts the framework again (a rollback staged for the launcher)
     */
    private boolean recover(Journal journal) throws IOException, InterruptedException {
        if (Journal.STAGED_FOR_RESTART.equals(journal.phase()) || Journal.ROLLBACK_STAGED.equals(journal.phase())) {
            return new RestartRecovery(journal).run();
        }
        LOG.warn("Firmware installer: an installation of {} was interrupted in phase {}; recovering", journal.toSet(), journal.phase());
        ImageManifest from = store.manifest(journal.fromSet());
        ImageManifest to = store.manifest(journal.toSet());
        if (Journal.APPLIED.equals(journal.phase())) {
            LinkWatch watch = new LinkWatch(sampler, probe::linkUp);
            try {
                String unhealthy = healthCheck(watch, true, restartedNames(to, from));
                if (unhealthy == null) {
                    commit(journal, to);
                    LOG.info("Firmware installer: {} passed its health check after the restart; installed", to.firmwareVersion());
                    return false;
                }
                LOG.warn("Firmware installer: {} is not healthy after the restart ({}); rolling back", to.firmwareVersion(), unhealthy);
            } finally {
                watch.close();
            }
        }
        String failure = rollBack(journal, from, to);
        LOG.warn("Firmware installer: rolled back to {}{}", from.firmwareVersion(), failure == null ? "" : " with problems: " + failure);
        return false;
    }

    /** The start after a restart this installer asked for: the launcher has applied (or restored) the staged set. */
    private final class RestartRecovery {
        private final Journal journal;
        private final ImageManifest from;
        private final ImageManifest to;

        RestartRecovery(Journal journal) throws IOException {
            this.journal = journal;
            this.from = store.manifest(journal.fromSet());
            this.to = store.manifest(journal.toSet());
        }

        boolean run() throws IOException, InterruptedException {
            StagedSetFile.Outcome launcher = awaitLauncherVerdict();
            awaitConfigurationAdmin();
            if (Journal.ROLLBACK_STAGED.equals(journal.phase())) {
                return rolledBack(launcher);
            }
            switch (launcher.state()) {
            case StagedSetFile.APPLIED -> {
                return verify();
            }
            case StagedSetFile.RESTORED -> {
                LOG.warn("Firmware {}: the launcher restored {} at the restart ({})", to.firmwareVersion(),
                        from.firmwareVersion(), launcher.reason());
                undone();
                return false;
            }
            case StagedSetFile.APPLYING, StagedSetFile.RESTORING -> {
                // The launcher has not decided (or was cut off deciding): the next start does; nothing to settle now.
                LOG.error("Firmware {}: the launcher has not recorded whether the staged set runs (state '{}')",
                        to.firmwareVersion(), launcher.state());
                return true;
            }
            default -> {
                // Not applied (a launcher that does not apply staged sets, or no file): the previous set still runs.
                LOG.warn("Firmware {}: the staged set was not applied at the restart (state '{}'); {} still runs",
                        to.firmwareVersion(), launcher.state(), from.firmwareVersion());
                undone();
                return false;
            }
            }
        }

        /**
         * The launcher records whether the staged set's bundles run only once the framework has reached its start
         * level, that is after this component activated: until then the file says APPLYING. If the bundles do not
         * run, the launcher stops this framework (and this thread) and restores the previous set.
         */
        private StagedSetFile.Outcome awaitLauncherVerdict() throws IOException, InterruptedException {
            long deadline = System.nanoTime() + LAUNCHER_VERDICT_WAIT.toNanos();
            StagedSetFile.Outcome outcome = stagedSet.read();
            while (StagedSetFile.APPLYING.equals(outcome.state()) && System.nanoTime() < deadline) {
                Thread.sleep(100);
                outcome = stagedSet.read();
            }
            return outcome;
        }

        /** The new set runs: health check, then commit, or stage the previous set and restart again. */
        private boolean verify() throws IOException, InterruptedException {
            String unhealthy;
            try (LinkWatch watch = new LinkWatch(sampler, probe::linkUp)) {
                unhealthy = healthCheck(watch, journal.linkUpBefore(), List.of());
            }
            if (unhealthy == null) {
                commit(journal, to);
                stagedSet.delete();
                LOG.info("Firmware {} installed through a restart: healthy", to.firmwareVersion());
                return false;
            }
            LOG.warn("Firmware {}: not healthy after the restart ({}); staging {} for another restart",
                    to.firmwareVersion(), unhealthy, from.firmwareVersion());
            stagedSet.stage(changedNames(from, to), from, store.set(journal.fromSet()), to, store.set(journal.toSet()));
            store.writeJournal(journal.withPhase(Journal.ROLLBACK_STAGED));
            restoreFirmwareVersion(journal, to);
            installed = toBundleSet(to);
            requestRestart(); // if it cannot, the launcher applies the rollback at the next start, whenever it comes
            return true; // not settled before that: the outcome is the rollback's
        }

        /** After the restart that rolled back. */
        private boolean rolledBack(StagedSetFile.Outcome launcher) throws IOException {
            switch (launcher.state()) {
            case StagedSetFile.APPLIED -> {
                undone();
                LOG.warn("Firmware {}: rolled back to {} through a restart", to.firmwareVersion(), from.firmwareVersion());
                return false;
            }
            case StagedSetFile.RESTORED -> {
                // The previous set did not start either: the launcher put the new one back. A whole set runs; say so.
                LOG.error("Firmware {}: the rollback to {} did not start ({}); the station stays on {}",
                        to.firmwareVersion(), from.firmwareVersion(), launcher.reason(), to.firmwareVersion());
                commit(journal, to);
                stagedSet.delete();
                return false;
            }
            default -> {
                LOG.warn("Firmware {}: the rollback was not applied at the restart (state '{}'); restarting again",
                        to.firmwareVersion(), launcher.state());
                installed = toBundleSet(to);
                requestRestart();
                return true;
            }
            }
        }

        /** The previous set runs: the installation is over, undone. */
        private void undone() throws IOException {
            restoreFirmwareVersion(journal, to);
            store.deleteJournal();
            stagedSet.delete();
            installed = toBundleSet(from);
        }
    }

    /** Bundles whose jar differs between two sets (added, removed, or another hash or start level). */
    static List<String> changedNames(ImageManifest a, ImageManifest b) {
        Set<String> names = new TreeSet<>();
        a.bundles().forEach(x -> names.add(x.symbolicName()));
        b.bundles().forEach(x -> names.add(x.symbolicName()));
        List<String> changed = new ArrayList<>();
        for (String name : names) {
            ImageBundle x = a.bundle(name);
            ImageBundle y = b.bundle(name);
            if (x == null || y == null || !x.sha256().equals(y.sha256()) || x.startLevel() != y.startLevel()) {
                changed.add(name);
            }
        }
        return changed;
    }

    /**
     * Stops the framework for an in-process restart by the station launcher, boot reason FirmwareUpdate.
     *
     * @return null when the stop was requested, else why it could not be
     */
    private String requestRestart() {
        System.setProperty(NEXT_BOOT_REASON, BOOT_REASON_FIRMWARE_UPDATE);
        try {
            context.getBundle(0).stop();
            return null;
        } catch (Exception e) {
            System.clearProperty(NEXT_BOOT_REASON);
            LOG.error("Firmware installer: cannot restart the framework: {}", e.toString());
            return e.toString();
        }
    }

    /** At start-up the provisioning configuration is written/restored: Config Admin may bind a moment later. */
    private void awaitConfigurationAdmin() throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (configurationAdmin == null && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
    }

    private Set<String> restartedNames(ImageManifest a, ImageManifest b) {
        Set<String> names = new TreeSet<>();
        a.bundles().forEach(x -> names.add(x.symbolicName()));
        b.bundles().forEach(x -> names.add(x.symbolicName()));
        return names;
    }

    // ------------------------------------------------------------------ FirmwareInstaller

    @Override
    public BundleSet installed() {
        BundleSet set = installed;
        return set != null ? set : new BundleSet("", List.of());
    }

    @Override
    public Optional<BundleSet> settled(Duration timeout) throws InterruptedException {
        return startUpDone.await(timeout.toMillis(), TimeUnit.MILLISECONDS) ? Optional.of(installed()) : Optional.empty();
    }

    @Override
    public InstallPlan check(Path image) throws ImageRejectedException {
        if (!lock.tryLock()) {
            throw new ImageRejectedException(Reason.BUSY, "another installation is running");
        }
        try {
            Prepared prepared = prepare(image);
            AtomicFiles.deleteTree(prepared.image().jars());
            return prepared.plan();
        } catch (IOException e) {
            throw new ImageRejectedException(Reason.MALFORMED, "cannot read the image: " + e.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("Checking {} failed", image, e);
            throw new ImageRejectedException(Reason.MALFORMED, "cannot check the image: " + e);
        } finally {
            lock.unlock();
        }
    }

    /** A checked image, unpacked into staging, with its plan. */
    private record Prepared(Image image, InstallPlan plan, ImageManifest from, String fromName) {
    }

    private Prepared prepare(Path imageFile) throws ImageRejectedException, IOException {
        String fromName = store.currentName().orElseThrow(() -> new ImageRejectedException(Reason.BUSY,
                "the installer is still recording the installed set; try again in a moment"));
        ImageManifest from = store.manifest(fromName);
        Path staging = store.staging().resolve(UUID.randomUUID().toString());
        Image image;
        try {
            image = new ImageReader().read(imageFile, staging);
        } catch (ImageException e) {
            AtomicFiles.deleteTree(staging);
            throw new ImageRejectedException(e.kind() == ImageException.Kind.HASH_MISMATCH ? Reason.HASH_MISMATCH
                    : Reason.MALFORMED, e.getMessage());
        } catch (IOException e) {
            AtomicFiles.deleteTree(staging);
            throw e;
        }
        try {
            InstallPlan plan = plan(imageFile, image, from, fromName);
            return new Prepared(image, plan, from, fromName);
        } catch (ImageRejectedException | IOException | RuntimeException e) {
            AtomicFiles.deleteTree(staging);
            throw e;
        }
    }

    private InstallPlan plan(Path imageFile, Image image, ImageManifest from, String fromName) throws ImageRejectedException, IOException {
        ImageManifest target = image.manifest();
        for (String name : from.bundles().stream().map(ImageBundle::symbolicName).toList()) {
            if (!Files.isRegularFile(store.set(fromName).resolve(from.bundle(name).file()))) {
                throw new ImageRejectedException(Reason.MALFORMED, "no copy of the installed bundle " + name + " to roll back to");
            }
        }
        Set<String> managed = managed(from);
        SetApplier.Delta delta = applier.delta(target, managed);
        Map<String, Bundle> bundles = live.bySymbolicName();
        List<BundleChange> changes = new ArrayList<>();
        Map<String, Map<String, String>> incoming = new LinkedHashMap<>();
        Set<String> restarted = new TreeSet<>();
        boolean powerPath = false;
        for (ImageBundle b : delta.update()) {
            Map<String, String> headers = headers(image.jar(b));
            Bundle old = bundles.get(b.symbolicName());
            boolean pp = LiveBundles.powerPath(old) || isPowerPath(headers);
            changes.add(new BundleChange(b.symbolicName(), old.getVersion().toString(), b.version(), BundleChange.Kind.UPDATED, pp));
            incoming.put(b.symbolicName(), headers);
            restarted.add(b.symbolicName());
        }
        for (ImageBundle b : delta.add()) {
            Map<String, String> headers = headers(image.jar(b));
            changes.add(new BundleChange(b.symbolicName(), null, b.version(), BundleChange.Kind.ADDED, isPowerPath(headers)));
            incoming.put(b.symbolicName(), headers);
            restarted.add(b.symbolicName());
        }
        for (Bundle b : delta.remove()) {
            changes.add(new BundleChange(b.getSymbolicName(), b.getVersion().toString(), null, BundleChange.Kind.REMOVED, LiveBundles.powerPath(b)));
        }
        Set<Bundle> leaving = new LinkedHashSet<>(delta.remove());
        delta.update().forEach(b -> leaving.add(bundles.get(b.symbolicName())));
        for (Bundle b : delta.closure()) {
            if (!leaving.contains(b)) {
                restarted.add(b.getSymbolicName());
            }
        }
        for (String name : restarted) {
            Bundle b = bundles.get(name);
            if (b != null && LiveBundles.powerPath(b)) {
                powerPath = true;
            }
        }
        powerPath |= changes.stream().anyMatch(c -> c.powerPath());
        String self = context.getBundle().getSymbolicName();
        boolean needsRestart = false;
        for (String name : restarted) {
            if (name.equals(self) || NOT_LIVE.contains(name)) {
                if (!"true".equals(context.getProperty(StagedSetFile.LAUNCHER_PROPERTY))) {
                    throw new ImageRejectedException(Reason.MALFORMED, "the image restarts " + name
                            + (name.equals(self) ? ", the installer itself" : ", which runs every component")
                            + ": that cannot be installed live, and this framework was not started by the station "
                            + "launcher, which applies such an image at a restart");
                }
                needsRestart = true;
            }
        }
        if (delta.remove().stream().anyMatch(b -> b.getSymbolicName().equals(self))) {
            throw new ImageRejectedException(Reason.MALFORMED, "the image removes the installer itself");
        }
        if (!changes.isEmpty()) {
            Resolver r = resolver;
            if (r == null) {
                throw new ImageRejectedException(Reason.DOES_NOT_RESOLVE, "no OSGi Resolver service (bundle org.apache.felix.resolver) to check the image with");
            }
            List<Bundle> staying = new ArrayList<>();
            staying.add(context.getBundle(0));
            for (Bundle b : bundles.values()) {
                if (!leaving.contains(b)) {
                    staying.add(b);
                }
            }
            Set<Bundle> rewired = new LinkedHashSet<>(delta.closure());
            rewired.removeAll(leaving);
            String problem = ResolveCheck.check(r, staying, rewired, incoming);
            if (problem != null) {
                throw new ImageRejectedException(Reason.DOES_NOT_RESOLVE, problem);
            }
        }
        changes.sort((a, b) -> a.symbolicName().compareTo(b.symbolicName()));
        return new InstallPlan(imageFile, toBundleSet(target), changes, List.copyOf(restarted), powerPath,
                restarted.contains(TRANSPORT), needsRestart);
    }

    private Set<String> managed(ImageManifest from) {
        Set<String> managed = new TreeSet<>();
        from.bundles().forEach(b -> managed.add(b.symbolicName()));
        return managed;
    }

    private static Map<String, String> headers(Path jar) throws IOException {
        try (JarInputStream in = new JarInputStream(Files.newInputStream(jar))) {
            return ResolveCheck.headers(in.getManifest().getMainAttributes());
        }
    }

    private static boolean isPowerPath(Map<String, String> headers) {
        return "true".equalsIgnoreCase(String.valueOf(headers.get(POWER_PATH_HEADER)).trim());
    }

    @Override
    public InstallResult install(InstallPlan plan, InstallProgress progress) throws InterruptedException {
        lock.lockInterruptibly();
        try {
            Prepared prepared;
            try {
                prepared = prepare(plan.image());
            } catch (ImageRejectedException e) {
                return new InstallResult(Status.INSTALLATION_FAILED, "check before installing: " + e.getMessage(), installed(), 0, 0);
            } catch (IOException e) {
                return new InstallResult(Status.INSTALLATION_FAILED, "cannot read the image: " + e.getMessage(), installed(), 0, 0);
            }
            try {
                if (!prepared.plan().changes().equals(plan.changes())) {
                    return new InstallResult(Status.INSTALLATION_FAILED,
                            "the installed set changed since the image was checked; check it again", installed(), 0, 0);
                }
                return installPrepared(prepared, progress);
            } finally {
                try {
                    AtomicFiles.deleteTree(prepared.image().jars());
                } catch (IOException e) {
                    LOG.warn("Cannot delete {}: {}", prepared.image().jars(), e.toString());
                }
            }
        } finally {
            lock.unlock();
        }
    }

    private InstallResult installPrepared(Prepared prepared, InstallProgress progress) throws InterruptedException {
        InstallPlan plan = prepared.plan();
        ImageManifest target = prepared.image().manifest();
        ImageManifest from = prepared.from();
        // A restart stops every EVSE's session: then always wait (L01.FR.33).
        if ((plan.touchesPowerPath() || plan.needsRestart()) && transactionRuns()) {
            progress.waitingForIdleEvses();
            LOG.info("Firmware {}: waiting for the EVSEs to be idle (the change touches the power path)", target.firmwareVersion());
            while (transactionRuns()) {
                Thread.sleep(config.idlePollMillis());
            }
        }
        String toName = FirmwareStore.setName(target);
        Journal journal;
        try {
            if (!store.isComplete(toName)) {
                Path dir = store.set(toName);
                AtomicFiles.deleteTree(dir);
                Files.createDirectories(dir);
                for (ImageBundle b : target.bundles()) {
                    AtomicFiles.copy(prepared.image().jar(b), dir.resolve(b.file()));
                }
                AtomicFiles.syncDirectory(dir);
                store.completeSet(toName, target);
            }
            journal = new Journal(Journal.APPLYING, prepared.fromName(), toName, configuredFirmwareVersion(), plan.touchesPowerPath());
            store.writeJournal(journal);
        } catch (IOException e) {
            return new InstallResult(Status.INSTALLATION_FAILED, "cannot store the new set: " + e.getMessage(), installed(), 0, 0);
        }
        if (plan.needsRestart() && !plan.changes().isEmpty()) {
            return installByRestart(prepared, journal, progress);
        }
        if (plan.changes().isEmpty()) {
            try {
                commit(journal, target);
            } catch (IOException e) {
                return new InstallResult(Status.INSTALLATION_FAILED, "cannot record the new set: " + e.getMessage(), installed(), 0, 0);
            }
            return new InstallResult(Status.INSTALLED, "no bundle changed; firmware version " + target.firmwareVersion(), installed(), 0, 0);
        }
        // The station's state before anything is touched: the health check compares with it.
        boolean linkUpBefore = linkUp();
        Set<String> notRunningBefore = readiness.notRunning();
        try (LinkWatch watch = new LinkWatch(sampler, probe::linkUp)) {
            progress.installing();
            long t0 = System.nanoTime();
            try {
                List<String> removed = applier.apply(target, store.set(toName), managed(from), config.refreshTimeoutSeconds());
                updateRemovedList(target, removed);
                watch.sample();
                readiness.await(plan.restarted(), notRunningBefore, config.componentTimeoutSeconds() * 1000L);
            } catch (ApplyException | IOException | RuntimeException e) {
                String failure = e instanceof ApplyException ? e.getMessage() : "installing: " + e;
                LOG.warn("Firmware {}: {}; rolling back to {}", target.firmwareVersion(), failure, from.firmwareVersion());
                String rollbackProblem = rollBack(journal, from, target);
                watch.sample();
                return new InstallResult(Status.INSTALLATION_FAILED, failure + rollbackNote(rollbackProblem), installed(),
                        millisSince(t0), watch.downMillis());
            }
            try {
                store.writeJournal(journal = journal.withPhase(Journal.APPLIED));
            } catch (IOException e) {
                LOG.warn("Cannot update the journal: {}", e.toString());
            }
            String unhealthy = healthCheck(watch, linkUpBefore, plan.restarted());
            if (unhealthy != null) {
                LOG.warn("Firmware {}: health check failed ({}); rolling back to {}", target.firmwareVersion(), unhealthy, from.firmwareVersion());
                String rollbackProblem = rollBack(journal, from, target);
                watch.sample();
                return new InstallResult(Status.VERIFICATION_FAILED, "health check: " + unhealthy + rollbackNote(rollbackProblem),
                        installed(), millisSince(t0), watch.downMillis());
            }
            long swap = millisSince(t0);
            watch.sample();
            try {
                commit(journal, target);
            } catch (IOException e) {
                LOG.warn("Firmware {}: installed, but the record failed: {}", target.firmwareVersion(), e.toString());
            }
            LOG.info("Firmware {} installed: {} restarted in {} ms, OCPP link down {} ms", target.firmwareVersion(),
                    plan.restarted(), swap, watch.downMillis());
            return new InstallResult(Status.INSTALLED, "restarted " + plan.restarted(), installed(), swap, watch.downMillis());
        }
    }

    /**
     * Stages the new set for the launcher (the running bundles are not touched), then restarts the framework. The
     * journal is written after the staged file: a journal STAGED_FOR_RESTART always has a staged set beside it.
     */
    private InstallResult installByRestart(Prepared prepared, Journal applying, InstallProgress progress)
            throws InterruptedException {
        ImageManifest target = prepared.image().manifest();
        ImageManifest from = prepared.from();
        Journal journal = new Journal(Journal.STAGED_FOR_RESTART, applying.fromSet(), applying.toSet(),
                applying.previousFirmwareVersion(), applying.powerPath(), linkUp());
        List<String> changed = prepared.plan().changes().stream().map(BundleChange::symbolicName).toList();
        try {
            stagedSet.stage(changed, target, store.set(journal.toSet()), from, store.set(journal.fromSet()));
            store.writeJournal(journal);
        } catch (IOException e) {
            abandonStaging();
            return new InstallResult(Status.INSTALLATION_FAILED, "cannot stage the new set: " + e.getMessage(), installed(), 0, 0);
        }
        // firmwareVersion is written at the commit after the restart, not now: provisioning would announce it at once
        // (BootNotification FirmwareUpdate) from the old firmware, and a rollback would have announced a version that
        // never ran. The commit's write makes provisioning send a BootNotification with the new version.
        LOG.info("Firmware {}: {} staged for a restart ({} cannot be swapped live); restarting", target.firmwareVersion(),
                changed, prepared.plan().restarted());
        progress.rebooting();
        String problem = requestRestart();
        if (problem != null) {
            abandonStaging();
            return new InstallResult(Status.INSTALLATION_FAILED, "cannot restart the framework: " + problem, installed(), 0, 0);
        }
        // The framework stops now; the caller's bundle stops with it and interrupts this thread.
        new CountDownLatch(1).await();
        throw new IllegalStateException("unreachable");
    }

    private void abandonStaging() {
        try {
            store.deleteJournal();
            stagedSet.delete();
        } catch (IOException e) {
            LOG.error("Firmware installer: cannot remove the staged set: {}", e.toString());
        }
    }

    private static String rollbackNote(String problem) {
        return problem == null ? "; rolled back" : "; rollback incomplete: " + problem;
    }

    private static long millisSince(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }

    /**
     * Healthy: the restarted bundles run (checked before), and if the link was up before, the OCPP link is up and
     * the registration Accepted within the configured time. A station that was offline before is not failed for
     * being offline after.
     */
    private String healthCheck(LinkWatch watch, boolean linkUpBefore, java.util.Collection<String> restarted)
            throws InterruptedException {
        if (!linkUpBefore) {
            return null;
        }
        long deadline = System.nanoTime() + config.healthTimeoutSeconds() * 1_000_000_000L;
        while (true) {
            watch.sample();
            String registrationStatus = probe.registrationStatus();
            String problem;
            if (!probe.linkPresent()) {
                problem = "no OCPP link";
            } else if (!probe.linkUp()) {
                String error = probe.linkError();
                problem = "OCPP link down" + (error == null ? "" : " (" + error + ")");
            } else if (registrationStatus == null) {
                problem = "no registration service";
            } else if (!"Accepted".equals(registrationStatus)) {
                problem = "registration " + registrationStatus + ", not Accepted";
            } else {
                return null;
            }
            if (System.nanoTime() >= deadline) {
                return problem + " after " + config.healthTimeoutSeconds() + " s";
            }
            Thread.sleep(50);
        }
    }

    /** Goes back to {@code from}; returns null when it runs again, else what is wrong. */
    private String rollBack(Journal journal, ImageManifest from, ImageManifest to) throws InterruptedException {
        Set<String> managed = managed(from);
        managed.addAll(managed(to));
        Set<String> notRunningBefore = readiness.notRunning();
        String problem = null;
        try {
            List<String> removed = applier.apply(from, store.set(journal.fromSet()), managed, config.refreshTimeoutSeconds());
            updateRemovedList(from, removed);
            readiness.await(restartedNames(from, to), Set.of(), config.componentTimeoutSeconds() * 1000L);
        } catch (ApplyException | IOException | RuntimeException e) {
            problem = e.getMessage();
            LOG.error("Firmware rollback to {}: {}", from.firmwareVersion(), problem);
        }
        try {
            restoreFirmwareVersion(journal, to);
            store.deleteJournal();
        } catch (IOException e) {
            LOG.error("Firmware rollback: cannot delete the journal: {}", e.toString());
        }
        installed = toBundleSet(from);
        return problem;
    }

    private void commit(Journal journal, ImageManifest target) throws IOException {
        store.setCurrent(journal.toSet());
        writeFirmwareVersion(target.firmwareVersion());
        store.deleteJournal();
        installed = toBundleSet(target);
        store.prune(config.setsKept(), Set.of(journal.toSet(), journal.fromSet()));
    }

    private void updateRemovedList(ImageManifest set, List<String> removed) throws IOException {
        TreeSet<String> names = store.removedBundles();
        names.addAll(removed);
        set.bundles().forEach(b -> names.remove(b.symbolicName()));
        store.writeRemovedBundles(names);
    }

    // ------------------------------------------------------------------ station state

    private boolean transactionRuns() {
        return probe.transactionRuns();
    }

    private boolean linkUp() {
        return probe.linkUp();
    }

    private String configuredFirmwareVersion() {
        ConfigurationAdmin ca = configurationAdmin;
        if (ca == null) {
            return "";
        }
        try {
            Configuration c = ca.getConfiguration(PROVISIONING_PID, "?");
            Object v = c.getProperties() == null ? null : c.getProperties().get("firmwareVersion");
            return v == null ? "" : v.toString();
        } catch (IOException e) {
            return "";
        }
    }

    private void writeFirmwareVersion(String version) {
        ConfigurationAdmin ca = configurationAdmin;
        if (ca == null) {
            LOG.warn("No Config Admin: firmwareVersion {} not written to {}", version, PROVISIONING_PID);
            return;
        }
        try {
            Configuration c = ca.getConfiguration(PROVISIONING_PID, "?");
            Dictionary<String, Object> props = c.getProperties() == null ? new Hashtable<>() : c.getProperties();
            if (!version.equals(props.get("firmwareVersion"))) {
                props.put("firmwareVersion", version);
                c.update(props);
            }
        } catch (IOException e) {
            LOG.warn("Cannot write firmwareVersion to {}: {}", PROVISIONING_PID, e.toString());
        }
    }

    /** After a rollback, the version reported goes back to what it was, if the installation had changed it. */
    private void restoreFirmwareVersion(Journal journal, ImageManifest to) {
        if (to.firmwareVersion().equals(configuredFirmwareVersion())) {
            writeFirmwareVersion(journal.previousFirmwareVersion());
        }
    }

    static BundleSet toBundleSet(ImageManifest m) {
        return new BundleSet(m.firmwareVersion(), m.bundles().stream()
                .map(b -> new BundleEntry(b.symbolicName(), b.version(), b.sha256(), b.startLevel())).toList());
    }
}
