package io.galvani.firmware.installer.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

import io.galvani.firmware.installer.image.ImageBundle;
import io.galvani.firmware.installer.image.ImageException;
import io.galvani.firmware.installer.image.ImageManifest;

/**
 * The installer's files under {@code <data dir>/firmware}:
 * <pre>
 * current            name of the installed set's folder
 * sets/NAME/         a set: galvani-image.json (its manifest) and its jars, kept for rollback
 * journal.json       an installation in progress (see {@link Journal})
 * removed-bundles    symbolic names an installation removed (read by the launcher: not installed again from bundle/)
 * staging/           images being checked
 * </pre>
 */
final class FirmwareStore {
    /** Read by io.galvani.launcher.StationLauncher: keep the name in step. */
    static final String REMOVED_BUNDLES = "removed-bundles";
    private final Path root;

    FirmwareStore(Path root) throws IOException {
        this.root = root;
        Files.createDirectories(root.resolve("sets"));
        Files.createDirectories(root.resolve("staging"));
    }

    Path root() {
        return root;
    }

    Path staging() {
        return root.resolve("staging");
    }

    Path set(String name) {
        return root.resolve("sets").resolve(name);
    }

    /** A folder name for a set: its firmware version (made safe) and a short hash of its bundles. */
    static String setName(ImageManifest set) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (ImageBundle b : set.bundles()) {
                md.update((b.symbolicName() + "=" + b.sha256() + "@" + b.startLevel() + "\n").getBytes(StandardCharsets.UTF_8));
            }
            return set.firmwareVersion().replaceAll("[^A-Za-z0-9._-]", "_") + "-" + HexFormat.of().formatHex(md.digest()).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    Optional<String> currentName() throws IOException {
        Path file = root.resolve("current");
        return Files.exists(file) ? Optional.of(Files.readString(file).trim()) : Optional.empty();
    }

    void setCurrent(String name) throws IOException {
        AtomicFiles.write(root.resolve("current"), (name + "\n").getBytes(StandardCharsets.UTF_8));
    }

    ImageManifest manifest(String name) throws IOException {
        try {
            return ImageManifest.parse(Files.readAllBytes(set(name).resolve("galvani-image.json")));
        } catch (ImageException e) {
            throw new IOException("set " + name + ": " + e.getMessage(), e);
        }
    }

    /** Writes a set's manifest last, after its jars: a set folder with a manifest is complete. */
    void completeSet(String name, ImageManifest manifest) throws IOException {
        AtomicFiles.write(set(name).resolve("galvani-image.json"), manifest.toJson());
    }

    boolean isComplete(String name) {
        return Files.exists(set(name).resolve("galvani-image.json"));
    }

    Optional<Journal> journal() throws IOException {
        Path file = root.resolve("journal.json");
        return Files.exists(file) ? Optional.of(Journal.parse(Files.readAllBytes(file))) : Optional.empty();
    }

    void writeJournal(Journal journal) throws IOException {
        AtomicFiles.write(root.resolve("journal.json"), journal.toJson());
    }

    void deleteJournal() throws IOException {
        AtomicFiles.delete(root.resolve("journal.json"));
    }

    TreeSet<String> removedBundles() throws IOException {
        Path file = root.resolve(REMOVED_BUNDLES);
        TreeSet<String> names = new TreeSet<>();
        if (Files.exists(file)) {
            Files.readAllLines(file).stream().map(String::trim).filter(s -> !s.isEmpty() && !s.startsWith("#")).forEach(names::add);
        }
        return names;
    }

    void writeRemovedBundles(Collection<String> names) throws IOException {
        StringBuilder sb = new StringBuilder("# Bundles removed by a firmware installation: the launcher does not install them again from bundle/\n");
        new TreeSet<>(names).forEach(n -> sb.append(n).append('\n'));
        AtomicFiles.write(root.resolve(REMOVED_BUNDLES), sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** Deletes the oldest set folders beyond {@code keep}, never one of {@code protect}. */
    void prune(int keep, Collection<String> protect) throws IOException {
        List<Path> sets = new ArrayList<>();
        try (var list = Files.list(root.resolve("sets"))) {
            list.filter(Files::isDirectory).forEach(sets::add);
        }
        sets.sort(Comparator.comparing(FirmwareStore::modified).reversed());
        int kept = 0;
        for (Path set : sets) {
            String name = set.getFileName().toString();
            if (protect.contains(name)) {
                kept++;
            }
        }
        for (Path set : sets) {
            String name = set.getFileName().toString();
            if (protect.contains(name)) {
                continue;
            }
            if (kept < keep && isComplete(name)) {
                kept++;
                continue;
            }
            AtomicFiles.deleteTree(set);
        }
    }

    private static long modified(Path p) {
        try {
            return Files.getLastModifiedTime(p).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }
}
