package io.galvani.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.startlevel.BundleStartLevel;

/**
 * A bundle set the firmware installer staged for the next framework start ({@value #FILE} in the data dir), because
 * it changes bundles that cannot be swapped live (the installer itself, SCR, the packages they import).
 *
 * <p>The file is a properties file, written atomically by the installer with {@code state=STAGED}:
 * <pre>
 * changed=a,b,c                 symbolic names the installation adds, updates or removes
 * to.a=LEVEL /abs/path/a.jar    the staged set's jar and start level of each changed bundle it contains
 * from.a=LEVEL /abs/path/a.jar  the same for the set running before (absent: the bundle is new)
 * </pre>
 * The launcher applies it after {@code init()}, before any bundle starts, and moves {@code state} on (each step
 * written atomically and fsynced before the next, so a power cut leaves the cache on one whole set):
 * {@code STAGED → APPLYING → APPLIED} when every changed bundle of the new set is active after the start, or
 * {@code → RESTORING → RESTORED} (with {@code reason}) when a change fails or a bundle of it does not start: the
 * previous set's jars are applied again. A start that finds {@code APPLYING} or {@code RESTORING} (power cut)
 * restores the previous set. {@code APPLIED} and {@code RESTORED} are for the installer, which reads them at its
 * activation, checks the station's health and deletes the file.
 */
final class StagedSet {
    /** Relative to the data dir; the installer (io.galvani.firmware.installer) writes it: keep the name in step. */
    static final String FILE = "firmware/staged-set.properties";
    static final String STAGED = "STAGED";
    static final String APPLYING = "APPLYING";
    static final String APPLIED = "APPLIED";
    static final String RESTORING = "RESTORING";
    static final String RESTORED = "RESTORED";
    /** Location of a bundle the installer or the launcher installed from a set (the installer uses the same). */
    static final String LOCATION_PREFIX = "galvani-firmware:";

    private final Path dataDir;
    private final Path file;
    private final Properties p;

    private StagedSet(Path dataDir, Properties p) {
        this.dataDir = dataDir;
        this.file = dataDir.resolve(FILE);
        this.p = p;
    }

    /** The staged set that needs work at this start, if any (not when it is already APPLIED or RESTORED). */
    static StagedSet pending(Path dataDir) throws IOException {
        Path file = dataDir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return null;
        }
        Properties p = new Properties();
        p.load(new StringReader(Files.readString(file, StandardCharsets.UTF_8)));
        String state = p.getProperty("state", "");
        return switch (state) {
        case STAGED, APPLYING, RESTORING -> new StagedSet(dataDir, p);
        default -> null;
        };
    }

    String state() {
        return p.getProperty("state");
    }

    /** The symbolic names the staged installation changes. */
    List<String> changed() {
        List<String> names = new ArrayList<>();
        for (String n : p.getProperty("changed", "").split(",")) {
            if (!n.isBlank()) {
                names.add(n.trim());
            }
        }
        return names;
    }

    /**
     * Before the bundles start: applies the staged set (state STAGED), or restores the previous one (a power cut in
     * APPLYING or RESTORING). Returns true when the new set was applied and must be verified after the start.
     */
    boolean beforeStart(BundleContext context) throws IOException {
        if (STAGED.equals(state())) {
            record(APPLYING, null);
            try {
                apply(context, "to");
                return true;
            } catch (BundleException | IOException | RuntimeException e) {
                restore(context, "cannot apply the staged set: " + e.getMessage());
                return false;
            }
        }
        restore(context, APPLYING.equals(state()) ? "the restart applying the staged set was interrupted"
                : p.getProperty("reason", "the restore was interrupted"));
        return false;
    }

    /** After the start: the bundles of the new set that do not run, or an empty list. */
    List<String> notRunning(BundleContext context) {
        List<String> problems = new ArrayList<>();
        Map<String, Bundle> bundles = bySymbolicName(context);
        for (String name : changed()) {
            if (p.getProperty("to." + name) == null) {
                continue;
            }
            Bundle b = bundles.get(name);
            if (b == null) {
                problems.add(name + " is not installed");
            } else if (b.getHeaders().get(Constants.FRAGMENT_HOST) == null
                    && (b.getState() & (Bundle.ACTIVE | Bundle.STARTING)) == 0) {
                problems.add(name + " " + b.getVersion() + " did not start");
            }
        }
        return problems;
    }

    /** Some bundles of the new set did not start: the next start (right away) restores the previous set. */
    void failedToStart(String reason) throws IOException {
        record(RESTORING, reason);
    }

    void applied() throws IOException {
        record(APPLIED, null);
    }

    /** Applies the previous set's jars again and records {@code RESTORED} with the reason. */
    void restore(BundleContext context, String reason) throws IOException {
        record(RESTORING, reason);
        try {
            apply(context, "from");
        } catch (BundleException | RuntimeException e) {
            // The previous set's jars were running before: nothing better to fall back to. Say so and go on.
            System.err.println("galvani: restoring the previous bundle set failed: " + e);
            reason = reason + "; restore incomplete: " + e.getMessage();
        }
        record(RESTORED, reason);
    }

    /** Brings every changed bundle to the jar of the set {@code side} ("to" or "from"); idempotent. */
    private void apply(BundleContext context, String side) throws IOException, BundleException {
        Map<String, Bundle> bundles = bySymbolicName(context);
        Set<String> removedNow = new LinkedHashSet<>();
        Set<String> presentNow = new LinkedHashSet<>();
        for (String name : changed()) {
            String entry = p.getProperty(side + "." + name);
            Bundle existing = bundles.get(name);
            if (entry == null) {
                if (existing != null) {
                    existing.uninstall();
                }
                removedNow.add(name);
                continue;
            }
            String[] parts = entry.trim().split(" ", 2);
            if (parts.length != 2) {
                throw new IOException("bad entry " + side + "." + name + "=" + entry);
            }
            int level = Integer.parseInt(parts[0]);
            Path jar = Path.of(parts[1]);
            Bundle b;
            try (InputStream in = Files.newInputStream(jar)) {
                if (existing != null) {
                    existing.update(in);
                    b = existing;
                } else {
                    b = context.installBundle(LOCATION_PREFIX + name, in);
                }
            }
            if (!name.equals(b.getSymbolicName())) {
                throw new BundleException(jar + " is " + b.getSymbolicName() + ", not " + name);
            }
            b.adapt(BundleStartLevel.class).setStartLevel(level);
            if (b.getHeaders().get(Constants.FRAGMENT_HOST) == null) {
                b.start(Bundle.START_ACTIVATION_POLICY); // persistent: starts when the framework reaches its level
            }
            presentNow.add(name);
        }
        updateRemovedList(removedNow, presentNow);
    }

    /** A bundle the set removes must not come back from bundle/ at the next start; one it has again may. */
    private void updateRemovedList(Set<String> removedNow, Set<String> presentNow) throws IOException {
        TreeSet<String> names = new TreeSet<>(StationLauncher.removedBundles(dataDir));
        names.addAll(removedNow);
        names.removeAll(presentNow);
        StringBuilder sb = new StringBuilder("# Bundles removed by a firmware installation: the launcher does not install them again from bundle/\n");
        names.forEach(n -> sb.append(n).append('\n'));
        write(dataDir.resolve(StationLauncher.REMOVED_BUNDLES), sb.toString());
    }

    private void record(String state, String reason) throws IOException {
        p.setProperty("state", state);
        if (reason != null) {
            p.setProperty("reason", reason);
        }
        StringWriter out = new StringWriter();
        p.store(out, "Galvani staged bundle set (firmware installer -> launcher)");
        write(file, out.toString());
    }

    private static Map<String, Bundle> bySymbolicName(BundleContext context) {
        Map<String, Bundle> bundles = new HashMap<>();
        Arrays.stream(context.getBundles()).filter(b -> b.getBundleId() != 0 && b.getSymbolicName() != null)
                .forEach(b -> bundles.put(b.getSymbolicName(), b));
        return bundles;
    }

    /** Temporary file, fsync, atomic rename, fsync of the folder: the old content or the new, never half. */
    static void write(Path target, String content) throws IOException {
        Files.createDirectories(target.getParent());
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
            ByteBuffer buffer = ByteBuffer.wrap(content.getBytes(StandardCharsets.UTF_8));
            while (buffer.hasRemaining()) {
                ch.write(buffer);
            }
            ch.force(true);
        }
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        try (FileChannel dir = FileChannel.open(target.getParent(), StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException e) {
            // some file systems cannot fsync a folder; the rename is still atomic there
        }
    }
}
