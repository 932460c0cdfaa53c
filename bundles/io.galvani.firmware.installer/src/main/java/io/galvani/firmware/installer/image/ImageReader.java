package io.galvani.firmware.installer.image;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarInputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;

import io.galvani.firmware.installer.image.ImageException.Kind;

/**
 * Reads an image that came from outside (signature checked or not) and trusts nothing in it: entry names (no
 * directories other than {@code bundles/}, no {@code ..}, no absolute paths), sizes counted while unpacking (a zip
 * bomb stops at the limit, whatever the headers claim), no duplicate entries, no file that the manifest does not
 * list and none missing, every jar's content hash and its manifest's symbolic name and version equal to the image
 * manifest's.
 */
public final class ImageReader {
    public static final String BUNDLES_DIR = "bundles/";

    /**
     * Bounds for reading.
     *
     * @param maxEntryBytes  largest unpacked jar
     * @param maxTotalBytes  largest unpacked image
     * @param maxEntries     most entries in the zip
     */
    public record Limits(long maxEntryBytes, long maxTotalBytes, int maxEntries) {
        /** 64 MB per jar, 512 MB in all, 2000 entries: a station's set is about 80 jars and 60 MB. */
        public static final Limits DEFAULT = new Limits(64L << 20, 512L << 20, 2000);
    }

    private final Limits limits;

    public ImageReader() {
        this(Limits.DEFAULT);
    }

    public ImageReader(Limits limits) {
        this.limits = limits;
    }

    /**
     * Unpacks {@code image} into {@code target} (an empty or missing folder) and verifies it.
     *
     * @throws ImageException what is wrong with the image; {@code target} may hold partial content then
     */
    public Image read(Path image, Path target) throws ImageException, IOException {
        Files.createDirectories(target);
        ImageManifest manifest = null;
        Set<String> seen = new HashSet<>();
        Set<String> jars = new HashSet<>();
        long total = 0;
        int entries = 0;
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(image))) {
            for (ZipEntry entry; (entry = nextEntry(zip)) != null;) {
                String name = entry.getName();
                if (++entries > limits.maxEntries()) {
                    throw malformed("more than " + limits.maxEntries() + " entries");
                }
                if (!seen.add(name)) {
                    throw malformed("entry " + printable(name) + " appears twice");
                }
                if (entry.isDirectory()) {
                    if (!name.equals("META-INF/") && !name.equals(BUNDLES_DIR)) {
                        throw malformed("unexpected directory " + printable(name));
                    }
                    continue;
                }
                if (name.equals(ImageManifest.PATH)) {
                    byte[] json = readBounded(zip, ImageManifest.MAX_BYTES, name);
                    total += json.length;
                    manifest = ImageManifest.parse(json);
                    continue;
                }
                if (!name.startsWith(BUNDLES_DIR) || !ImageManifest.FILE_NAME.matcher(name.substring(BUNDLES_DIR.length())).matches()) {
                    throw malformed("unexpected entry " + printable(name) + " (only " + ImageManifest.PATH + " and "
                            + BUNDLES_DIR + "<name>.jar belong in an image)");
                }
                String file = name.substring(BUNDLES_DIR.length());
                total += copyBounded(zip, target.resolve(file), name, limits.maxTotalBytes() - total);
                jars.add(file);
            }
        } catch (ZipException e) {
            throw malformed("not a readable zip: " + e.getMessage());
        }
        if (manifest == null) {
            throw malformed("no " + ImageManifest.PATH + ": not a Galvani image");
        }
        for (ImageBundle b : manifest.bundles()) {
            if (!jars.remove(b.file())) {
                throw malformed("bundle " + b.symbolicName() + ": file " + BUNDLES_DIR + b.file() + " is missing");
            }
        }
        if (!jars.isEmpty()) {
            throw malformed("files not listed in the manifest: " + jars.stream().sorted().map(f -> BUNDLES_DIR + f).toList());
        }
        for (ImageBundle b : manifest.bundles()) {
            verifyJar(b, target.resolve(b.file()));
        }
        return new Image(manifest, target);
    }

    /** The jar's manifest names the bundle and version the image manifest lists, and its content hash matches. */
    static void verifyJar(ImageBundle b, Path jar) throws ImageException, IOException {
        Manifest m;
        try (JarInputStream in = new JarInputStream(Files.newInputStream(jar))) {
            m = in.getManifest();
        } catch (IOException e) {
            throw malformed("bundle " + b.symbolicName() + ": " + b.file() + " is not a readable jar: " + e.getMessage());
        }
        if (m == null) {
            throw malformed("bundle " + b.symbolicName() + ": " + b.file() + " has no manifest");
        }
        Attributes main = m.getMainAttributes();
        String bsn = symbolicName(main.getValue("Bundle-SymbolicName"));
        String version = main.getValue("Bundle-Version");
        if (!b.symbolicName().equals(bsn)) {
            throw malformed("bundle " + b.symbolicName() + ": " + b.file() + " is bundle " + bsn);
        }
        if (version == null || !org.osgi.framework.Version.parseVersion(version).equals(org.osgi.framework.Version.parseVersion(b.version()))) {
            throw malformed("bundle " + b.symbolicName() + ": " + b.file() + " has version " + version + ", the manifest says " + b.version());
        }
        String hash;
        try {
            hash = ContentHash.ofJar(jar);
        } catch (IOException e) {
            throw malformed("bundle " + b.symbolicName() + ": " + b.file() + " is not a readable jar: " + e.getMessage());
        }
        if (!hash.equals(b.sha256())) {
            throw new ImageException(Kind.HASH_MISMATCH, "bundle " + b.symbolicName() + ": content hash " + hash
                    + " differs from " + b.sha256() + " in the manifest");
        }
    }

    public static String symbolicName(String header) {
        return header == null ? null : header.split(";")[0].trim();
    }

    private static ZipEntry nextEntry(ZipInputStream zip) throws ImageException, IOException {
        try {
            return zip.getNextEntry();
        } catch (IllegalArgumentException e) {
            throw malformed("an entry name is not valid UTF-8");
        }
    }

    private byte[] readBounded(InputStream in, int max, String name) throws IOException, ImageException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        for (int n; (n = in.read(buffer)) > 0;) {
            if (out.size() + n > max) {
                throw malformed(name + " is larger than " + max + " bytes");
            }
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }

    private long copyBounded(InputStream in, Path file, String name, long remaining) throws IOException, ImageException {
        long written = 0;
        byte[] buffer = new byte[65536];
        try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            for (int n; (n = in.read(buffer)) > 0;) {
                written += n;
                if (written > limits.maxEntryBytes()) {
                    throw malformed(name + " unpacks to more than " + limits.maxEntryBytes() + " bytes");
                }
                if (written > remaining) {
                    throw malformed("the image unpacks to more than " + limits.maxTotalBytes() + " bytes");
                }
                out.write(buffer, 0, n);
            }
        }
        return written;
    }

    /** An entry name as it may appear in a message: control characters replaced, at most 120 characters. */
    private static String printable(String name) {
        String clean = name.replaceAll("[\\p{Cntrl}]", "?");
        return "'" + (clean.length() > 120 ? clean.substring(0, 120) + "…" : clean) + "'";
    }

    private static ImageException malformed(String message) {
        return new ImageException(Kind.MALFORMED, message);
    }
}
