package io.galvani.firmware.installer.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFormatTest {
    private static final Instant CREATED = Instant.parse("2026-12-01T10:00:00Z");

    @TempDir
    Path dir;

    @Test
    void writtenImageReadsBackWithTheSameManifest() throws Exception {
        Path a = jar("a.jar", "test.a", "1.0.0", "abc", Map.of("x.txt", "hello"));
        Path b = jar("b.jar", "test.b", "2.1.0", "abc", Map.of());
        ImageManifest written = ImageWriter.write(dir.resolve("img.zip"), "2.0.0", CREATED, List.of(b, a),
                n -> n.equals("test.a") ? 4 : 5);

        Image image = new ImageReader().read(dir.resolve("img.zip"), dir.resolve("out"));

        assertThat(image.manifest()).isEqualTo(written);
        assertThat(image.manifest().bundles()).extracting(ImageBundle::symbolicName).containsExactly("test.a", "test.b");
        assertThat(image.manifest().bundle("test.a").startLevel()).isEqualTo(4);
        assertThat(Files.readAllBytes(image.jar(image.manifest().bundle("test.a")))).isEqualTo(Files.readAllBytes(a));
    }

    @Test
    void theSameImageTwiceIsTheSameBytes() throws Exception {
        Path a = jar("a.jar", "test.a", "1.0.0", "abc", Map.of("x.txt", "hello"));
        ImageWriter.write(dir.resolve("1.zip"), "2.0.0", CREATED, List.of(a), n -> 5);
        ImageWriter.write(dir.resolve("2.zip"), "2.0.0", CREATED, List.of(a), n -> 5);
        assertThat(Files.readAllBytes(dir.resolve("1.zip"))).isEqualTo(Files.readAllBytes(dir.resolve("2.zip")));
    }

    @Test
    void contentHashIgnoresTheGitCommitAndEntryOrderButNotContent() throws Exception {
        Path one = jar("one.jar", "test.a", "1.0.0", "1111111", Map.of("x.txt", "hello", "y.txt", "world"));
        Path two = jar("two.jar", "test.a", "1.0.0", "2222222", Map.of("y.txt", "world", "x.txt", "hello"));
        Path other = jar("other.jar", "test.a", "1.0.0", "1111111", Map.of("x.txt", "hellO", "y.txt", "world"));
        Path otherVersion = jar("v.jar", "test.a", "1.0.1", "1111111", Map.of("x.txt", "hello", "y.txt", "world"));

        assertThat(ContentHash.ofJar(one)).isEqualTo(ContentHash.ofJar(two)).matches("[0-9a-f]{64}");
        assertThat(ContentHash.ofJar(other)).isNotEqualTo(ContentHash.ofJar(one));
        assertThat(ContentHash.ofJar(otherVersion)).isNotEqualTo(ContentHash.ofJar(one));
    }

    @Test
    void unknownFormatVersionIsRefused() throws Exception {
        assertMalformed(rawImage(manifestJson(2, "1.0", "test.a", "a.jar", hashOf("test.a", "1.0.0")), Map.of("bundles/a.jar", jarBytes("test.a", "1.0.0"))),
                "unknown image format version 2");
    }

    @Test
    void missingAndExtraFilesAreRefused() throws Exception {
        byte[] jar = jarBytes("test.a", "1.0.0");
        String json = manifestJson(1, "1.0", "test.a", "a.jar", hashOf("test.a", "1.0.0"));
        assertMalformed(rawImage(json, Map.of()), "file bundles/a.jar is missing");
        assertMalformed(rawImage(json, Map.of("bundles/a.jar", jar, "bundles/b.jar", jar)), "files not listed in the manifest: [bundles/b.jar]");
        assertMalformed(rawImage(json, Map.of("bundles/a.jar", jar, "README", jar)), "unexpected entry 'README'");
        assertMalformed(rawImage(null, Map.of("bundles/a.jar", jar)), "not a Galvani image");
    }

    @Test
    void hashMismatchIsRefused() throws Exception {
        String json = manifestJson(1, "1.0", "test.a", "a.jar", "0".repeat(64));
        assertThatThrownBy(() -> read(rawImage(json, Map.of("bundles/a.jar", jarBytes("test.a", "1.0.0")))))
                .isInstanceOfSatisfying(ImageException.class, e -> assertThat(e.kind()).isEqualTo(ImageException.Kind.HASH_MISMATCH))
                .hasMessageContaining("bundle test.a: content hash");
    }

    @Test
    void duplicateNamesAreRefused() throws Exception {
        String h = hashOf("test.a", "1.0.0");
        String json = "{\"formatVersion\":1,\"firmwareVersion\":\"1.0\",\"created\":\"2026-12-01T10:00:00Z\",\"bundles\":["
                + bundleJson("test.a", "a.jar", h) + "," + bundleJson("test.a", "b.jar", h) + "]}";
        assertMalformed(rawImage(json, Map.of("bundles/a.jar", jarBytes("test.a", "1.0.0"), "bundles/b.jar", jarBytes("test.a", "1.0.0"))),
                "bundle test.a is listed twice");
        String sameFile = "{\"formatVersion\":1,\"firmwareVersion\":\"1.0\",\"created\":\"2026-12-01T10:00:00Z\",\"bundles\":["
                + bundleJson("test.a", "a.jar", h) + "," + bundleJson("test.b", "a.jar", h) + "]}";
        assertMalformed(rawImage(sameFile, Map.of("bundles/a.jar", jarBytes("test.a", "1.0.0"))), "file a.jar is used by two bundles");
    }

    @Test
    void duplicateZipEntriesAreRefused() throws Exception {
        byte[] jar = jarBytes("test.a", "1.0.0");
        String json = manifestJson(1, "1.0", "test.a", "a.jar", hashOf("test.a", "1.0.0"));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        // ZipOutputStream refuses duplicates: write two zips' worth of local entries by hand is overkill; use two
        // entries differing only in a trailing slash-free duplicate via a patched name instead.
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            put(zip, ImageManifest.PATH, json.getBytes(StandardCharsets.UTF_8));
            put(zip, "bundles/a.jar", jar);
            put(zip, "bundles/X.jar", jar);
        }
        byte[] data = bytes.toByteArray();
        replaceAll(data, "bundles/X.jar", "bundles/a.jar");
        assertMalformed(data, "entry 'bundles/a.jar' appears twice");
    }

    @Test
    void entriesEscapingTheFolderAreRefused() throws Exception {
        byte[] jar = jarBytes("test.a", "1.0.0");
        String json = manifestJson(1, "1.0", "test.a", "a.jar", hashOf("test.a", "1.0.0"));
        for (String evil : List.of("../a.jar", "bundles/../../a.jar", "/etc/a.jar", "bundles/sub/a.jar", "bundles\\..\\a.jar")) {
            assertMalformed(rawImage(json, Map.of("bundles/a.jar", jar, evil, jar)), "unexpected entry");
        }
        String evilFile = manifestJson(1, "1.0", "test.a", "../a.jar", hashOf("test.a", "1.0.0"));
        assertMalformed(rawImage(evilFile, Map.of("bundles/a.jar", jar)), "file must be a plain jar file name");
        assertThat(Files.exists(dir.resolve("a.jar"))).isFalse();
    }

    @Test
    void oversizedEntriesAreRefusedWhileUnpacking() throws Exception {
        byte[] big = new byte[5_000_000]; // stored uncompressed in the jar, the image deflates it to a few kB: a small zip bomb
        Path jar = dir.resolve("big.jar");
        Manifest m = manifest("test.big", "1.0.0", "x");
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out, m)) {
            ZipEntry stored = new ZipEntry("zeros.bin");
            stored.setMethod(ZipEntry.STORED);
            stored.setSize(big.length);
            java.util.zip.CRC32 crc = new java.util.zip.CRC32();
            crc.update(big);
            stored.setCrc(crc.getValue());
            j.putNextEntry(stored);
            j.write(big);
        }
        ImageWriter.write(dir.resolve("big.zip"), "1.0", CREATED, List.of(jar), n -> 5);
        assertThat(Files.size(dir.resolve("big.zip"))).isLessThan(100_000);
        assertThatThrownBy(() -> new ImageReader(new ImageReader.Limits(1_000_000, 10_000_000, 100)).read(dir.resolve("big.zip"), dir.resolve("x")))
                .isInstanceOf(ImageException.class).hasMessageContaining("unpacks to more than 1000000 bytes");
        assertThatThrownBy(() -> new ImageReader(new ImageReader.Limits(10_000_000, 2_000_000, 100)).read(dir.resolve("big.zip"), dir.resolve("y")))
                .isInstanceOf(ImageException.class).hasMessageContaining("the image unpacks to more than 2000000 bytes");
    }

    @Test
    void aJarWhoseManifestDiffersFromTheImageManifestIsRefused() throws Exception {
        byte[] jar = jarBytes("test.other", "1.0.0");
        String h = ContentHash.ofJar(new java.io.ByteArrayInputStream(jar));
        assertMalformed(rawImage(manifestJson(1, "1.0", "test.a", "a.jar", h), Map.of("bundles/a.jar", jar)), "a.jar is bundle test.other");
        byte[] v2 = jarBytes("test.a", "2.0.0");
        String h2 = ContentHash.ofJar(new java.io.ByteArrayInputStream(v2));
        assertMalformed(rawImage(manifestJson(1, "1.0", "test.a", "a.jar", h2), Map.of("bundles/a.jar", v2)), "has version 2.0.0, the manifest says 1.0.0");
    }

    @Test
    void manifestRulesAreChecked() throws Exception {
        byte[] jar = jarBytes("test.a", "1.0.0");
        String h = hashOf("test.a", "1.0.0");
        assertMalformed(rawImage(manifestJson(1, "x".repeat(51), "test.a", "a.jar", h), Map.of("bundles/a.jar", jar)), "firmwareVersion must be 1 to 50");
        assertMalformed(rawImage(manifestJson(1, "", "test.a", "a.jar", h), Map.of("bundles/a.jar", jar)), "firmwareVersion must be 1 to 50");
        assertMalformed(rawImage("{\"formatVersion\":1,", Map.of("bundles/a.jar", jar)), "is not valid JSON");
        assertMalformed(rawImage(manifestJson(1, "1.0", "test.a", "a.jar", h).replace("\"created\"", "\"extra\":1,\"created\""),
                Map.of("bundles/a.jar", jar)), "unknown field 'extra'");
        assertMalformed(rawImage(manifestJson(1, "1.0", "test.a", "a.jar", h).replace("\"startLevel\":5", "\"startLevel\":0"),
                Map.of("bundles/a.jar", jar)), "startLevel must be 1 or more");
        assertMalformed(rawImage(manifestJson(1, "1.0", "test.a", "a.jar", h).replace("2026-12-01T10:00:00Z", "yesterday"),
                Map.of("bundles/a.jar", jar)), "created is not an ISO-8601 instant");
    }

    /** Random corruption of a valid image: refused with ImageException or IOException, never anything else. */
    @Test
    void fuzzedImagesAreRefusedCleanly() throws Exception {
        Path a = jar("a.jar", "test.a", "1.0.0", "abc", Map.of("x.txt", "hello".repeat(100)));
        Path b = jar("b.jar", "test.b", "1.0.0", "abc", Map.of("y.txt", "world".repeat(100)));
        ImageWriter.write(dir.resolve("ok.zip"), "1.0", CREATED, List.of(a, b), n -> 5);
        byte[] valid = Files.readAllBytes(dir.resolve("ok.zip"));
        Random random = new Random(20261205L);
        int refused = 0;
        for (int i = 0; i < 400; i++) {
            byte[] data = valid.clone();
            int flips = 1 + random.nextInt(8);
            for (int f = 0; f < flips; f++) {
                data[random.nextInt(data.length)] = (byte) random.nextInt(256);
            }
            if (random.nextInt(10) == 0) {
                data = java.util.Arrays.copyOf(data, random.nextInt(data.length));
            }
            try {
                read(data);
            } catch (ImageException | IOException e) {
                refused++;
            }
        }
        assertThat(refused).isGreaterThan(300);
    }

    // ------------------------------------------------------------------ helpers

    private void assertMalformed(byte[] image, String message) {
        assertThatThrownBy(() -> read(image)).isInstanceOfSatisfying(ImageException.class,
                e -> assertThat(e.kind()).isEqualTo(ImageException.Kind.MALFORMED)).hasMessageContaining(message);
    }

    private int reads;

    private Image read(byte[] image) throws Exception {
        Path file = dir.resolve("image-" + reads + ".zip");
        Files.write(file, image);
        return new ImageReader().read(file, dir.resolve("unpacked-" + reads++));
    }

    private static String manifestJson(int format, String fw, String bsn, String file, String hash) {
        return "{\"formatVersion\":" + format + ",\"firmwareVersion\":\"" + fw + "\",\"created\":\"2026-12-01T10:00:00Z\",\"bundles\":["
                + bundleJson(bsn, file, hash) + "]}";
    }

    private static String bundleJson(String bsn, String file, String hash) {
        return "{\"symbolicName\":\"" + bsn + "\",\"version\":\"1.0.0\",\"sha256\":\"" + hash + "\",\"startLevel\":5,\"file\":\"" + file + "\"}";
    }

    private static byte[] rawImage(String manifest, Map<String, byte[]> entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            if (manifest != null) {
                put(zip, ImageManifest.PATH, manifest.getBytes(StandardCharsets.UTF_8));
            }
            for (Map.Entry<String, byte[]> e : new java.util.TreeMap<>(entries).entrySet()) {
                put(zip, e.getKey(), e.getValue());
            }
        }
        return bytes.toByteArray();
    }

    private static void put(ZipOutputStream zip, String name, byte[] content) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(content);
        zip.closeEntry();
    }

    private static void replaceAll(byte[] data, String from, String to) {
        byte[] f = from.getBytes(StandardCharsets.UTF_8);
        byte[] t = to.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i + f.length <= data.length; i++) {
            if (java.util.Arrays.equals(data, i, i + f.length, f, 0, f.length)) {
                System.arraycopy(t, 0, data, i, t.length);
            }
        }
    }

    private static String hashOf(String bsn, String version) throws IOException {
        return ContentHash.ofJar(new java.io.ByteArrayInputStream(jarBytes(bsn, version)));
    }

    private static byte[] jarBytes(String bsn, String version) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream j = new JarOutputStream(bytes, manifest(bsn, version, "abc"))) {
            j.putNextEntry(new ZipEntry("res.txt"));
            j.write(bsn.getBytes(StandardCharsets.UTF_8));
        }
        return bytes.toByteArray();
    }

    private Path jar(String file, String bsn, String version, String commit, Map<String, String> entries) throws IOException {
        Path jar = dir.resolve(file);
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out, manifest(bsn, version, commit))) {
            for (Map.Entry<String, String> e : entries.entrySet()) {
                j.putNextEntry(new ZipEntry(e.getKey()));
                j.write(e.getValue().getBytes(StandardCharsets.UTF_8));
            }
        }
        return jar;
    }

    private static Manifest manifest(String bsn, String version, String commit) {
        Manifest m = new Manifest();
        Attributes a = m.getMainAttributes();
        a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        a.putValue("Bundle-ManifestVersion", "2");
        a.putValue("Bundle-SymbolicName", bsn);
        a.putValue("Bundle-Version", version);
        a.putValue("Git-Commit", commit);
        return m;
    }
}
