package io.galvani.firmware.installer.image;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.Attributes;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * The hash that says whether two bundles are the same: SHA-256 over the bundle's files (not the jar's bytes), sorted
 * by path, each as its UTF-8 path, a 0 byte, and the SHA-256 of its content. Directory entries, zip metadata and
 * entry order do not count. The manifest is hashed in a canonical form without the {@value #IGNORED_HEADER} header
 * (every Galvani bundle carries the commit it was built at; jars are reproducible otherwise), so the same bundle
 * built at two commits has the same hash. The same function serves a jar file and an installed bundle's entries.
 */
public final class ContentHash {
    /** Manifest header left out of the hash. */
    public static final String IGNORED_HEADER = "Git-Commit";
    static final String MANIFEST = "META-INF/MANIFEST.MF";

    private final Map<String, byte[]> entries = new TreeMap<>();

    /** Adds one file of the bundle; a path given twice is an error (a jar must not hold duplicates). */
    public ContentHash add(String path, InputStream content) throws IOException {
        String name = path.startsWith("/") ? path.substring(1) : path;
        byte[] digest;
        if (name.equals(MANIFEST)) {
            digest = sha256(canonicalManifest(content.readAllBytes()));
        } else {
            MessageDigest md = digest();
            byte[] buffer = new byte[16384];
            for (int n; (n = content.read(buffer)) > 0;) {
                md.update(buffer, 0, n);
            }
            digest = md.digest();
        }
        if (entries.put(name, digest) != null) {
            throw new IOException("duplicate entry " + name);
        }
        return this;
    }

    /** The hash, lower-case hex. */
    public String hex() {
        MessageDigest md = digest();
        for (Map.Entry<String, byte[]> e : entries.entrySet()) {
            md.update(e.getKey().getBytes(StandardCharsets.UTF_8));
            md.update((byte) 0);
            md.update(e.getValue());
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /** The content hash of a jar file. */
    public static String ofJar(Path jar) throws IOException {
        try (InputStream in = Files.newInputStream(jar)) {
            return ofJar(in);
        }
    }

    /** The content hash of a jar read from {@code in}. */
    public static String ofJar(InputStream in) throws IOException {
        ContentHash hash = new ContentHash();
        try (ZipInputStream zip = new ZipInputStream(in)) {
            for (ZipEntry entry; (entry = zip.getNextEntry()) != null;) {
                if (!entry.isDirectory()) {
                    hash.add(entry.getName(), zip);
                }
            }
        }
        return hash.hex();
    }

    /**
     * The manifest as sorted "name: value" lines, main section first, then the named sections by name, without
     * {@value #IGNORED_HEADER}: independent of line wrapping and header order.
     */
    static byte[] canonicalManifest(byte[] raw) throws IOException {
        Manifest manifest = new Manifest(new ByteArrayInputStream(raw));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writeSection(out, "", manifest.getMainAttributes());
        for (Map.Entry<String, Attributes> section : new TreeMap<>(manifest.getEntries()).entrySet()) {
            writeSection(out, section.getKey(), section.getValue());
        }
        return out.toByteArray();
    }

    private static void writeSection(ByteArrayOutputStream out, String name, Attributes attributes) {
        List<String> lines = new ArrayList<>();
        attributes.forEach((k, v) -> {
            if (!k.toString().equalsIgnoreCase(IGNORED_HEADER)) {
                lines.add(k + ": " + v);
            }
        });
        lines.sort(null);
        out.writeBytes(("[" + name + "]\n").getBytes(StandardCharsets.UTF_8));
        for (String line : lines) {
            out.writeBytes((line + "\n").getBytes(StandardCharsets.UTF_8));
        }
    }

    private static byte[] sha256(byte[] data) {
        return digest().digest(data);
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

}
