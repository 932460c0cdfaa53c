package io.galvani.firmware.installer.internal;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Properties;

import io.galvani.firmware.installer.image.ImageBundle;
import io.galvani.firmware.installer.image.ImageManifest;

/**
 * {@code <data dir>/firmware/staged-set.properties}: a set staged for the station launcher
 * ({@code io.galvani.launcher.StagedSet} reads it and documents the format; keep both in step), which applies it at
 * the next framework start before any bundle starts and records its outcome in {@code state}.
 */
final class StagedSetFile {
    static final String NAME = "staged-set.properties";
    /** Written by the installer. */
    static final String STAGED = "STAGED";
    /** Written by the launcher before the bundles start; moved on once it has checked that they run. */
    static final String APPLYING = "APPLYING";
    /** Written by the launcher: a restore of the previous set is under way. */
    static final String RESTORING = "RESTORING";
    /** Written by the launcher: the new set's bundles run. */
    static final String APPLIED = "APPLIED";
    /** Written by the launcher: the new set could not be applied or did not start; the previous set runs again. */
    static final String RESTORED = "RESTORED";
    /** Framework property set by a launcher that applies staged sets. */
    static final String LAUNCHER_PROPERTY = "galvani.launcher.stagedSets";

    private final Path file;

    StagedSetFile(Path firmwareRoot) {
        this.file = firmwareRoot.resolve(NAME);
    }

    /** Stages {@code to} over {@code from} for the changed bundles only; fsynced before it returns. */
    void stage(Collection<String> changed, ImageManifest to, Path toDir, ImageManifest from, Path fromDir) throws IOException {
        Properties p = new Properties();
        p.setProperty("state", STAGED);
        p.setProperty("changed", String.join(",", changed));
        for (String name : changed) {
            entry(p, "to.", to, toDir, name);
            entry(p, "from.", from, fromDir, name);
        }
        StringWriter out = new StringWriter();
        p.store(out, "Galvani staged bundle set (firmware installer -> launcher)");
        AtomicFiles.write(file, out.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static void entry(Properties p, String prefix, ImageManifest set, Path dir, String name) {
        ImageBundle b = set.bundle(name);
        if (b != null) {
            p.setProperty(prefix + name, b.startLevel() + " " + dir.resolve(b.file()).toAbsolutePath());
        }
    }

    /** The launcher's outcome: state and reason; state empty when there is no file. */
    record Outcome(String state, String reason) {
    }

    Outcome read() throws IOException {
        if (!Files.isRegularFile(file)) {
            return new Outcome("", "");
        }
        Properties p = new Properties();
        p.load(new StringReader(Files.readString(file, StandardCharsets.UTF_8)));
        return new Outcome(p.getProperty("state", ""), p.getProperty("reason", ""));
    }

    void delete() throws IOException {
        AtomicFiles.delete(file);
    }
}
