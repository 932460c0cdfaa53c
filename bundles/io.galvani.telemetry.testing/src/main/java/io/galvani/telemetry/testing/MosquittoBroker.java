package io.galvani.telemetry.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real Mosquitto 2 broker ({@code /usr/sbin/mosquitto}) for tests: started on free 127.0.0.1 ports with a
 * generated configuration, no persistence, stopped by {@link #close()}. {@link #restart()} keeps the ports.
 *
 * <p>Listeners: {@link #port()} plain MQTT (anonymous unless users were added), and with {@link Builder#tls} a TLS
 * listener {@link #tlsPort()} that requires a client certificate signed by the test CA.
 */
public final class MosquittoBroker implements AutoCloseable {
    public static final Path EXECUTABLE = Path.of(System.getProperty("mosquitto.executable", "/usr/sbin/mosquitto"));
    private static final Path PASSWD = Path.of("/usr/bin/mosquitto_passwd");

    private final Path dir;
    private final int port;
    private final int tlsPort;
    private final Path log;
    private Process process;

    /** Whether the test machine has Mosquitto (for assumptions). */
    public static boolean installed() {
        return Files.isExecutable(EXECUTABLE);
    }

    public static Builder builder(Path dir) {
        return new Builder(dir);
    }

    public static final class Builder {
        private final Path dir;
        private final Map<String, String> users = new LinkedHashMap<>();
        private TestPki pki;
        private boolean persistent;

        private Builder(Path dir) {
            this.dir = dir;
        }

        /** Only these users may connect to the plain listener (no anonymous access). */
        public Builder user(String name, String password) {
            users.put(name, password);
            return this;
        }

        /** Adds a TLS listener with a server certificate from {@code pki}; clients need a certificate of it. */
        public Builder tls(TestPki pki) {
            this.pki = pki;
            return this;
        }

        /**
         * Keeps sessions and queued messages across {@link MosquittoBroker#restart()} (saved on stop), so that a
         * subscriber with a persistent session misses nothing while the broker is down.
         */
        public Builder persistent() {
            this.persistent = true;
            return this;
        }

        public MosquittoBroker start() {
            try {
                Files.createDirectories(dir);
                return new MosquittoBroker(this);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private MosquittoBroker(Builder b) throws IOException {
        this.dir = b.dir;
        this.port = freePort();
        this.tlsPort = b.pki == null ? -1 : freePort();
        this.log = dir.resolve("mosquitto.log");
        List<String> conf = new ArrayList<>();
        conf.add("per_listener_settings true");
        conf.add("persistence " + b.persistent);
        if (b.persistent) {
            conf.add("persistence_location " + dir + "/");
            conf.add("autosave_interval 0");
        }
        conf.add("user root");
        conf.add("log_dest file " + log);
        conf.add("log_type all");
        conf.add("listener " + port + " 127.0.0.1");
        if (b.users.isEmpty()) {
            conf.add("allow_anonymous true");
        } else {
            Path passwd = dir.resolve("passwd");
            Files.deleteIfExists(passwd);
            Files.createFile(passwd);
            for (Map.Entry<String, String> u : b.users.entrySet()) {
                run(PASSWD.toString(), "-b", passwd.toString(), u.getKey(), u.getValue());
            }
            conf.add("allow_anonymous false");
            conf.add("password_file " + passwd);
        }
        if (b.pki != null) {
            Path server = b.pki.issue("broker", "localhost", true);
            conf.add("listener " + tlsPort + " 127.0.0.1");
            conf.add("allow_anonymous true");
            conf.add("cafile " + b.pki.caCertificate());
            conf.add("certfile " + server);
            conf.add("keyfile " + b.pki.key("broker"));
            conf.add("require_certificate true");
            conf.add("tls_version tlsv1.2");
        }
        Files.write(dir.resolve("mosquitto.conf"), conf, StandardCharsets.UTF_8);
        start();
    }

    public int port() {
        return port;
    }

    public int tlsPort() {
        return tlsPort;
    }

    public String url() {
        return "mqtt://127.0.0.1:" + port;
    }

    public String tlsUrl() {
        return "mqtts://127.0.0.1:" + tlsPort;
    }

    /** The broker's own log so far (connects, refusals, publishes). */
    public String log() {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            return "";
        }
    }

    public boolean running() {
        return process != null && process.isAlive();
    }

    public synchronized void start() {
        try {
            process = new ProcessBuilder(EXECUTABLE.toString(), "-c", dir.resolve("mosquitto.conf").toString())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("mosquitto.out").toFile())).start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + EXECUTABLE, e);
        }
        // Polls until the listeners accept (no Awaitility: the bench uses this class outside tests).
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!(accepts(port) && (tlsPort < 0 || accepts(tlsPort)))) {
            if (!process.isAlive()) {
                throw new IllegalStateException("mosquitto exited " + process.exitValue() + ": " + log());
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("mosquitto did not listen within 10 s: " + log());
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /** Stops the broker (SIGTERM, then kill); clients see the connection drop. */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    /** Stops and starts again on the same ports (retained messages are gone: persistence is off). */
    public void restart() {
        stop();
        start();
    }

    @Override
    public void close() {
        stop();
    }

    private static boolean accepts(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static void run(String... command) throws IOException {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                throw new IOException(String.join(" ", command) + " failed: " + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }
}
