package io.galvani.security.certificates.internal;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.galvani.ocpp.model.types.GetCertificateIdUseEnumType;
import io.galvani.security.api.StationCredentials;
import io.galvani.security.certificates.internal.Pem.InvalidPem;
import io.galvani.security.certificates.internal.StoreState.Root;
import io.galvani.security.certificates.internal.StoreState.V2gChain;

/**
 * The store on disk and in memory. Layout under {@code <galvani.data.dir>/security} (format version
 * {@value #VERSION}, in {@code store.version}):
 *
 * <pre>
 * store.version                 "galvani.security.certificates 1"
 * ca/&lt;use&gt;/&lt;sha256&gt;.pem         one CA certificate per file, named by the SHA-256 of its DER encoding
 * v2g/&lt;sha256 of leaf&gt;.pem        a V2G chain, leaf first
 * station/current.pem           the station certificate in use: its private key (PKCS#8), then the chain
 * station/renewed.pem           a certificate from CertificateSigned not yet used for a connection: key, chain
 * station/csr.pem               a renewal waiting for its certificate: the new private key and the CSR
 * bootstrap.properties          fingerprints of the provisioning files already imported
 * </pre>
 *
 * Key and chain share one file, so replacing a certificate is one atomic rename and a power cut cannot pair a key
 * with the wrong certificate. Every file is {@code rw-------}, every directory {@code rwx------}
 * ({@link StoreFiles}).
 *
 * <p>Reads ({@link #state}, {@link #pending}) come from memory without a lock. Writes that the caller must know
 * the outcome of (install, delete, a renewed certificate) run on the caller's thread, disk first, then memory.
 * {@link #promote} and {@link #discardRenewed} change memory at once and leave the files to {@code background},
 * because the transport calls them and must not wait for the disk.
 */
final class CertificateRepository {
    private static final Logger logger = LoggerFactory.getLogger(CertificateRepository.class);
    static final int VERSION = 1;
    static final String FORMAT = "galvani.security.certificates";

    private final Path dir;
    private final Executor background;
    /** Serializes every change of the files (and the memory change that goes with it). */
    private final Object disk = new Object();
    private final AtomicReference<StoreState> state = new AtomicReference<>(StoreState.EMPTY);
    private volatile PendingCsr pending;
    /** Which credentials the station files hold; guarded by {@link #disk}. */
    private String currentOnDisk;
    private String renewedOnDisk;

    CertificateRepository(Path dir, Executor background) {
        this.dir = dir;
        this.background = background;
    }

    Path directory() {
        return dir;
    }

    StoreState state() {
        return state.get();
    }

    PendingCsr pending() {
        return pending;
    }

    /**
     * Reads the store. A file that cannot be read is left where it is and reported; the rest is used.
     *
     * @throws IOException if the directory cannot be created, or holds a store of a format this bundle does not
     *                     know (written by a newer version: refusing is better than overwriting it)
     */
    void load() throws IOException {
        synchronized (disk) {
            StoreFiles.directory(dir);
            checkVersion();
            List<Root> roots = new ArrayList<>();
            for (GetCertificateIdUseEnumType use : GetCertificateIdUseEnumType.values()) {
                if (use == GetCertificateIdUseEnumType.V2GCertificateChain) {
                    continue;
                }
                for (Path file : StoreFiles.pemFiles(caDirectory(use))) {
                    try {
                        List<X509Certificate> certificates = Pem.certificates(StoreFiles.read(file));
                        if (certificates.size() != 1) {
                            throw new InvalidPem("holds " + certificates.size() + " certificates");
                        }
                        roots.add(new Root(use, certificates.get(0), CertificateHashes.fingerprint(certificates.get(0))));
                    } catch (InvalidPem | IOException e) {
                        logger.warn("Skipping {}: {}", file, e.getMessage());
                    }
                }
            }
            List<V2gChain> chains = new ArrayList<>();
            for (Path file : StoreFiles.pemFiles(dir.resolve("v2g"))) {
                try {
                    List<X509Certificate> certificates = Pem.certificates(StoreFiles.read(file));
                    chains.add(new V2gChain(certificates, CertificateHashes.fingerprint(certificates.get(0))));
                } catch (InvalidPem | IOException e) {
                    logger.warn("Skipping {}: {}", file, e.getMessage());
                }
            }
            StationCredentials current = readCredentials(stationFile("current"), false);
            StationCredentials renewed = readCredentials(stationFile("renewed"), true);
            if (renewed != null && current != null && renewed.id().equals(current.id())) {
                // a promotion was cut short after the new current file was written: finish it
                StoreFiles.delete(stationFile("renewed"));
                renewed = null;
            }
            currentOnDisk = current == null ? null : current.id();
            renewedOnDisk = renewed == null ? null : renewed.id();
            pending = readPending();
            StoreFiles.pemFiles(dir.resolve("station")); // removes temporary files a power cut left behind
            state.set(new StoreState(roots, chains, current, renewed));
        }
    }

    /** Writes {@code root} (replacing the same certificate of the same use, M05.FR.17). */
    void installRoot(Root root) throws IOException {
        synchronized (disk) {
            StoreFiles.write(rootFile(root), Pem.encode(root.certificate()));
            update(s -> s.withRoot(root));
        }
    }

    /** Deletes {@code roots}; memory follows the files, so after a failure it shows what is really left. */
    void deleteRoots(List<Root> roots) throws IOException {
        synchronized (disk) {
            for (Root root : roots) {
                StoreFiles.delete(rootFile(root));
                update(s -> s.withoutRoots(r -> r.use() == root.use() && r.fingerprint().equals(root.fingerprint())));
            }
        }
    }

    /** Keeps a V2G chain (leaf first) for ISO 15118; replaces the chain of the same leaf. */
    void storeV2gChain(List<X509Certificate> chain) throws IOException {
        V2gChain v2g = new V2gChain(chain, CertificateHashes.fingerprint(chain.get(0)));
        synchronized (disk) {
            StoreFiles.write(v2gFile(v2g), Pem.encode(chain));
            update(s -> {
                List<V2gChain> list = new ArrayList<>(s.v2gChains().stream()
                        .filter(c -> !c.fingerprint().equals(v2g.fingerprint())).toList());
                list.add(v2g);
                return s.withV2gChains(list);
            });
        }
    }

    void deleteV2gChains(List<V2gChain> chains) throws IOException {
        synchronized (disk) {
            for (V2gChain chain : chains) {
                StoreFiles.delete(v2gFile(chain));
                update(s -> s.withV2gChains(s.v2gChains().stream()
                        .filter(c -> !c.fingerprint().equals(chain.fingerprint())).toList()));
            }
        }
    }

    /** Keeps a certificate from CertificateSigned as the renewed one, first to try (A02.FR.08). */
    void storeRenewed(StationCredentials renewed) throws IOException {
        synchronized (disk) {
            StoreFiles.write(stationFile("renewed"), Pem.encode(credentialsObjects(renewed)));
            renewedOnDisk = renewed.id();
            update(s -> s.withRenewed(renewed));
        }
    }

    /** Makes {@code credentials} the station certificate and drops a renewed one (provisioning). */
    void replaceCurrent(StationCredentials credentials) throws IOException {
        synchronized (disk) {
            StoreFiles.write(stationFile("current"), Pem.encode(credentialsObjects(credentials)));
            currentOnDisk = credentials.id();
            StoreFiles.delete(stationFile("renewed"));
            renewedOnDisk = null;
            update(s -> s.withCurrent(credentials).withRenewed(null));
        }
    }

    /**
     * A connection worked with the renewed certificate {@code id}: it becomes the station certificate and the old
     * one is discarded (A02.FR.10). Memory at once, files in the background.
     *
     * @return the promoted credentials, or null if {@code id} is not the renewed certificate
     */
    StationCredentials promote(String id) {
        StoreState before = state.getAndUpdate(s -> s.renewed() != null && s.renewed().id().equals(id)
                ? s.withCurrent(inUse(s.renewed())).withRenewed(null) : s);
        if (before.renewed() == null || !before.renewed().id().equals(id)) {
            return null;
        }
        inBackground(this::syncStationFiles);
        return state.get().current();
    }

    /**
     * Drops the renewed certificate {@code id} (refused by the CSMS, or a connection worked with the old one).
     *
     * @return the discarded credentials, or null if {@code id} is not the renewed certificate
     */
    StationCredentials discardRenewed(String id) {
        StoreState before = state.getAndUpdate(s -> s.renewed() != null && s.renewed().id().equals(id)
                ? s.withRenewed(null) : s);
        if (before.renewed() == null || !before.renewed().id().equals(id)) {
            return null;
        }
        inBackground(this::syncStationFiles);
        return before.renewed();
    }

    /** Keeps the key pair of a CSR until its certificate comes, across restarts. */
    void storePending(PendingCsr csr) throws IOException {
        synchronized (disk) {
            StoreFiles.write(stationFile("csr"), Pem.encode(csr.key()) + csr.csrPem());
            pending = csr;
        }
    }

    /** The pending key pair became a certificate (or is replaced): forget it. */
    void clearPending(PendingCsr csr) {
        synchronized (disk) {
            if (pending != csr) {
                return;
            }
            pending = null;
            try {
                StoreFiles.delete(stationFile("csr"));
            } catch (IOException e) {
                logger.warn("Cannot delete the used CSR key file {}: {}", stationFile("csr"), e.toString());
            }
        }
    }

    /** Fingerprints of the provisioning files imported so far. */
    Properties bootstrapMarks() {
        Properties p = new Properties();
        Path file = dir.resolve("bootstrap.properties");
        if (Files.isRegularFile(file)) {
            try {
                p.load(new StringReader(StoreFiles.read(file)));
            } catch (IOException | IllegalArgumentException e) {
                logger.warn("Cannot read {}: {}; provisioning files will be imported again", file, e.toString());
            }
        }
        return p;
    }

    void saveBootstrapMarks(Properties marks) throws IOException {
        StringWriter text = new StringWriter();
        marks.store(text, "Provisioning files imported into the store (SHA-256 of their content)");
        synchronized (disk) {
            StoreFiles.write(dir.resolve("bootstrap.properties"), text.toString());
        }
    }

    /** Brings the station files in line with memory after {@link #promote} / {@link #discardRenewed}. */
    void syncStationFiles() {
        synchronized (disk) {
            StoreState s = state.get();
            try {
                // the new current file first: a power cut in between leaves two equal files, and load() keeps one
                if (s.current() != null && !s.current().id().equals(currentOnDisk)) {
                    StoreFiles.write(stationFile("current"), Pem.encode(credentialsObjects(s.current())));
                    currentOnDisk = s.current().id();
                }
                if (s.renewed() == null && renewedOnDisk != null) {
                    StoreFiles.delete(stationFile("renewed"));
                    renewedOnDisk = null;
                }
            } catch (IOException e) {
                logger.error("Cannot update the station certificate files in {}: {}; the change holds until the next "
                        + "start", dir.resolve("station"), e.toString());
            }
        }
    }

    private void inBackground(Runnable task) {
        try {
            background.execute(task);
        } catch (RejectedExecutionException e) {
            task.run(); // the component is stopping: better late on this thread than never
        }
    }

    private void update(UnaryOperator<StoreState> change) {
        state.updateAndGet(change);
    }

    private static StationCredentials inUse(StationCredentials renewed) {
        return new StationCredentials(renewed.id(), renewed.chain(), renewed.key(), false);
    }

    private static Object[] credentialsObjects(StationCredentials c) {
        List<Object> objects = new ArrayList<>();
        objects.add(c.key());
        objects.addAll(c.chain());
        return objects.toArray();
    }

    private StationCredentials readCredentials(Path file, boolean renewed) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            Pem.Contents contents = Pem.certificatesAndKey(StoreFiles.read(file));
            X509Certificate leaf = contents.certificates().get(0);
            if (!CertificateChecks.keyMatches(contents.key(), leaf.getPublicKey())) {
                throw new InvalidPem("holds a key that does not belong to its certificate");
            }
            return new StationCredentials(CertificateHashes.fingerprint(leaf), contents.certificates(), contents.key(),
                    renewed);
        } catch (InvalidPem | IOException e) {
            logger.warn("Skipping {}: {}", file, e.getMessage());
            return null;
        }
    }

    private PendingCsr readPending() {
        Path file = stationFile("csr");
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            String text = StoreFiles.read(file);
            Pem.KeyAndRequest contents = Pem.keyAndRequest(text);
            PublicKey publicKey = Pem.publicKey(contents.request());
            if (!CertificateChecks.keyMatches(contents.key(), publicKey)) {
                throw new InvalidPem("holds a key that does not belong to its request");
            }
            return new PendingCsr(contents.key(), publicKey, Pem.encode(contents.request()));
        } catch (InvalidPem | IOException e) {
            logger.warn("Skipping {}: {}", file, e.getMessage());
            return null;
        }
    }

    private void checkVersion() throws IOException {
        Path file = dir.resolve("store.version");
        if (Files.isRegularFile(file)) {
            String[] text = StoreFiles.read(file).trim().split("\\s+");
            int version;
            try {
                version = text.length == 2 && text[0].equals(FORMAT) ? Integer.parseInt(text[1]) : -1;
            } catch (NumberFormatException e) {
                version = -1;
            }
            if (version < 1 || version > VERSION) {
                throw new IOException(file + " says \"" + String.join(" ", text) + "\": a store format this version "
                        + "does not know (it writes " + FORMAT + " " + VERSION + "); it is left untouched");
            }
            // later versions migrate here, one numbered step at a time
        } else {
            StoreFiles.write(file, FORMAT + " " + VERSION + "\n");
        }
    }

    private Path caDirectory(GetCertificateIdUseEnumType use) {
        return dir.resolve("ca").resolve(use.value());
    }

    private Path rootFile(Root root) {
        return caDirectory(root.use()).resolve(root.fingerprint() + ".pem");
    }

    private Path v2gFile(V2gChain chain) {
        return dir.resolve("v2g").resolve(chain.fingerprint() + ".pem");
    }

    private Path stationFile(String name) {
        return dir.resolve("station").resolve(name + ".pem");
    }
}
