package io.galvani.firmware.installer.image;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes an image from a set of bundle jars: the manifest first, then the jars under {@code bundles/} sorted by file
 * name, every entry stamped with the creation time (the same input gives the same bytes).
 */
public final class ImageWriter {

    private ImageWriter() {
    }

    /**
     * Reads symbolic name and version from each jar, computes its content hash and writes the image.
     *
     * @param startLevel the start level of a bundle, by symbolic name
     * @return the manifest written
     */
    public static ImageManifest write(Path out, String firmwareVersion, Instant created, List<Path> jars,
            ToIntFunction<String> startLevel) throws IOException, ImageException {
        ImageManifest.validateFirmwareVersion(firmwareVersion);
        List<ImageBundle> bundles = new ArrayList<>();
        Map<String, Path> files = new HashMap<>();
        for (Path jar : jars) {
            Attributes main;
            try (JarFile file = new JarFile(jar.toFile())) {
                if (file.getManifest() == null) {
                    throw new ImageException(ImageException.Kind.MALFORMED, jar + " has no manifest");
                }
                main = file.getManifest().getMainAttributes();
            }
            String bsn = ImageReader.symbolicName(main.getValue("Bundle-SymbolicName"));
            if (bsn == null) {
                throw new ImageException(ImageException.Kind.MALFORMED, jar + " is not a bundle (no Bundle-SymbolicName)");
            }
            String version = main.getValue("Bundle-Version") == null ? "0.0.0" : main.getValue("Bundle-Version").trim();
            String name = jar.getFileName().toString();
            if (files.put(name, jar) != null) {
                throw new ImageException(ImageException.Kind.MALFORMED, "two jars named " + name);
            }
            bundles.add(new ImageBundle(bsn, version, ContentHash.ofJar(jar), startLevel.applyAsInt(bsn), name));
        }
        ImageManifest manifest = new ImageManifest(ImageManifest.FORMAT_VERSION, firmwareVersion, created, bundles).validate();
        Path tmp = out.resolveSibling(out.getFileName() + ".tmp");
        FileTime time = FileTime.from(created);
        try (OutputStream file = Files.newOutputStream(tmp); ZipOutputStream zip = new ZipOutputStream(file)) {
            put(zip, "META-INF/", time, null);
            put(zip, ImageManifest.PATH, time, manifest.toJson());
            put(zip, ImageReader.BUNDLES_DIR, time, null);
            for (ImageBundle b : manifest.bundles().stream().sorted((a, c) -> a.file().compareTo(c.file())).toList()) {
                ZipEntry entry = new ZipEntry(ImageReader.BUNDLES_DIR + b.file());
                entry.setLastModifiedTime(time);
                zip.putNextEntry(entry);
                Files.copy(files.get(b.file()), zip);
                zip.closeEntry();
            }
        }
        Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return manifest;
    }

    private static void put(ZipOutputStream zip, String name, FileTime time, byte[] content) throws IOException {
        ZipEntry entry = new ZipEntry(name);
        entry.setLastModifiedTime(time);
        zip.putNextEntry(entry);
        if (content != null) {
            zip.write(content);
        }
        zip.closeEntry();
    }
}
