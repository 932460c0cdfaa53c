package io.galvani.firmware.installer.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.osgi.framework.wiring.FrameworkWiring;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.galvani.firmware.installer.image.ImageBundle;
import io.galvani.firmware.installer.image.ImageManifest;

/**
 * Makes the framework run a set: updates, installs and uninstalls only the bundles whose content differs from the
 * set (by content hash, against what is installed now, so it also finishes a swap a power cut interrupted), one
 * refresh of them and their dependency closure, then starts what must run. Bundles it does not manage (not in the
 * previous or the new set) are not touched.
 */
final class SetApplier {
    /** Location prefix of bundles this installer installed. */
    static final String LOCATION_PREFIX = "galvani-firmware:";
    private static final Logger LOG = LoggerFactory.getLogger(SetApplier.class);

    private final BundleContext context;
    private final LiveBundles live;

    SetApplier(BundleContext context, LiveBundles live) {
        this.context = context;
        this.live = live;
    }

    /** The symbolic names of the bundles that an apply would restart: the changed ones and the refresh closure. */
    record Delta(List<ImageBundle> update, List<ImageBundle> add, List<Bundle> remove, Set<Bundle> closure) {
        boolean isEmpty() {
            return update.isEmpty() && add.isEmpty() && remove.isEmpty();
        }
    }

    Delta delta(ImageManifest target, Collection<String> managed) throws IOException {
        Map<String, Bundle> bundles = live.bySymbolicName();
        List<ImageBundle> update = new ArrayList<>();
        List<ImageBundle> add = new ArrayList<>();
        List<Bundle> remove = new ArrayList<>();
        List<Bundle> changedExisting = new ArrayList<>();
        for (ImageBundle b : target.bundles()) {
            Bundle installed = bundles.get(b.symbolicName());
            if (installed == null) {
                add.add(b);
            } else if (!live.contentHash(installed).equals(b.sha256())) {
                update.add(b);
                changedExisting.add(installed);
            }
        }
        for (String name : managed) {
            Bundle installed = bundles.get(name);
            if (installed != null && target.bundle(name) == null) {
                remove.add(installed);
                changedExisting.add(installed);
            }
        }
        Set<Bundle> closure = new LinkedHashSet<>(changedExisting.isEmpty() ? List.of()
                : frameworkWiring().getDependencyClosure(changedExisting));
        return new Delta(update, add, remove, closure);
    }

    /**
     * Applies {@code target} (jars in {@code jars}); returns the bundles it removed.
     *
     * @throws ApplyException naming the step and the bundle that failed
     */
    List<String> apply(ImageManifest target, Path jars, Collection<String> managed, int refreshTimeoutSeconds)
            throws ApplyException, IOException, InterruptedException {
        Delta delta = delta(target, managed);
        Map<String, Bundle> bundles = live.bySymbolicName();
        List<Bundle> refresh = new ArrayList<>(delta.closure());
        // Stopped first (transiently: they stay marked to start), so that update does not start them only for the
        // refresh to stop them again.
        List<Bundle> updated = new ArrayList<>();
        for (ImageBundle b : delta.update()) {
            updated.add(bundles.get(b.symbolicName()));
        }
        List<Bundle> stopping = new ArrayList<>(updated);
        stopping.sort(Comparator.comparingInt(SetApplier::startLevel).reversed());
        for (Bundle b : stopping) {
            try {
                if (b.getState() == Bundle.ACTIVE || b.getState() == Bundle.STARTING) {
                    b.stop(Bundle.STOP_TRANSIENT);
                }
            } catch (BundleException e) {
                LOG.warn("Bundle {} did not stop cleanly before its update: {}", b.getSymbolicName(), e.getMessage());
            }
        }
        for (ImageBundle b : delta.update()) {
            Bundle bundle = bundles.get(b.symbolicName());
            try (InputStream in = Files.newInputStream(jars.resolve(b.file()))) {
                bundle.update(in);
            } catch (BundleException e) {
                throw new ApplyException("update of bundle " + b.symbolicName() + " to " + b.version(), e);
            }
            setStartLevel(bundle, b.startLevel());
        }
        List<String> removed = new ArrayList<>();
        for (Bundle bundle : delta.remove()) {
            String name = bundle.getSymbolicName();
            try {
                bundle.uninstall();
                removed.add(name);
            } catch (BundleException e) {
                throw new ApplyException("uninstall of bundle " + name, e);
            }
        }
        List<Bundle> added = new ArrayList<>();
        for (ImageBundle b : delta.add()) {
            try (InputStream in = Files.newInputStream(jars.resolve(b.file()))) {
                Bundle bundle = context.installBundle(LOCATION_PREFIX + b.symbolicName(), in);
                setStartLevel(bundle, b.startLevel());
                added.add(bundle);
                refresh.add(bundle);
            } catch (BundleException e) {
                throw new ApplyException("install of bundle " + b.symbolicName() + " " + b.version(), e);
            }
        }
        if (!refresh.isEmpty()) {
            refresh(refresh, refreshTimeoutSeconds);
        }
        // Start what must run: the updated and added bundles, and the closure (the refresh restarted those it had
        // stopped; starting a started bundle changes nothing), lowest start level first.
        Set<Bundle> toStart = new LinkedHashSet<>(updated);
        toStart.addAll(added);
        toStart.addAll(delta.closure());
        List<Bundle> ordered = new ArrayList<>(toStart);
        ordered.sort(Comparator.comparingInt(SetApplier::startLevel).thenComparing(b -> String.valueOf(b.getSymbolicName())));
        for (Bundle b : ordered) {
            if (b.getState() == Bundle.UNINSTALLED || LiveBundles.isFragment(b)) {
                continue;
            }
            try {
                // Persistent: a bundle above the framework's current level is only marked, and starts with its level.
                b.start(Bundle.START_ACTIVATION_POLICY);
            } catch (BundleException e) {
                throw new ApplyException("start of bundle " + b.getSymbolicName() + " " + b.getVersion(), e);
            } catch (RuntimeException e) {
                throw new ApplyException("start of bundle " + b.getSymbolicName() + " " + b.getVersion(), e);
            }
        }
        return removed;
    }

    private void refresh(List<Bundle> bundles, int timeoutSeconds) throws ApplyException, InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        AtomicReference<Throwable> error = new AtomicReference<>();
        frameworkWiring().refreshBundles(bundles, event -> {
            if (event.getType() == FrameworkEvent.ERROR) {
                error.compareAndSet(null, event.getThrowable());
            }
            if (event.getType() == FrameworkEvent.PACKAGES_REFRESHED) {
                done.countDown();
            }
        });
        if (!done.await(timeoutSeconds, TimeUnit.SECONDS)) {
            throw new ApplyException("refresh of " + names(bundles) + " did not finish within " + timeoutSeconds + " s");
        }
        if (error.get() != null) {
            LOG.warn("Refresh reported an error: {}", error.get().toString());
        }
    }

    private FrameworkWiring frameworkWiring() {
        return context.getBundle(0).adapt(FrameworkWiring.class);
    }

    private static void setStartLevel(Bundle bundle, int level) {
        BundleStartLevel sl = bundle.adapt(BundleStartLevel.class);
        if (sl.getStartLevel() != level) {
            sl.setStartLevel(level);
        }
    }

    static int startLevel(Bundle b) {
        return b.getState() == Bundle.UNINSTALLED ? 0 : b.adapt(BundleStartLevel.class).getStartLevel();
    }

    static List<String> names(Collection<Bundle> bundles) {
        return bundles.stream().map(b -> String.valueOf(b.getSymbolicName())).sorted().toList();
    }
}
