package com.example.galvani.rfid.tcp;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.galvani.hal.api.DeviceStatus;
import io.galvani.hal.api.PresentedToken;
import io.galvani.hal.api.TokenListener;
import io.galvani.hal.api.TokenReader;

/**
 * An Ethernet RFID reader that sends one card UID per line over TCP (the reader is the server, the driver
 * connects). One factory configuration per reader.
 *
 * <p>All I/O runs on the reader's single thread: connect, read lines, tell the {@link TokenListener}s (so they
 * hear the cards one at a time, in order), and on a lost connection report OFFLINE and retry with a doubling
 * back-off. {@link #status()} and {@link #tokenTypes()} only read fields. Deactivation closes the socket, which
 * ends a blocking connect or read at once, and stops the thread.
 */
// immediate: the reader must connect and report cards even before anyone calls the TokenReader service.
@Component(name = TcpRfidReader.PID, configurationPolicy = ConfigurationPolicy.REQUIRE, service = TokenReader.class, immediate = true)
@Designate(ocd = TcpRfidReader.Config.class, factory = true)
public final class TcpRfidReader implements TokenReader {

    public static final String PID = "com.example.galvani.rfid.tcp";

    @ObjectClassDefinition(name = "Example Ethernet RFID reader (TCP, one UID per line)",
            description = "hal.evse.id becomes a service property: 0 = station-wide reader.")
    public @interface Config {
        @AttributeDefinition(name = "EVSE id", description = "EVSE of the reader, 0 for a station-wide reader; service property hal.evse.id", min = "0")
        int hal_evse_id() default 0;

        @AttributeDefinition(description = "IP address or host name of the reader")
        String host() default "";

        @AttributeDefinition(description = "TCP port the reader listens on", min = "1", max = "65535")
        int port() default 10001;

        @AttributeDefinition(description = "OCPP IdTokenEnumType of the cards this reader reads",
                options = { @Option(label = "ISO 14443 (MIFARE, DESFire)", value = "ISO14443"),
                        @Option(label = "ISO 15693 (vicinity cards)", value = "ISO15693") })
        String tokenType() default "ISO14443";

        @AttributeDefinition(description = "Milliseconds to wait for the reader to accept a connection", min = "100")
        int connectTimeoutMillis() default 3000;

        @AttributeDefinition(description = "First delay before reconnecting, doubled after each failed attempt", min = "10")
        long reconnectMinMillis() default 1000;

        @AttributeDefinition(description = "Longest delay between reconnection attempts")
        long reconnectMaxMillis() default 30000;

        @AttributeDefinition(description = "The same card read again within this many milliseconds is one presentation "
                + "(readers repeat the UID while a card lies on them); 0 = report every read", min = "0")
        long repeatSuppressMillis() default 1500;

        @AttributeDefinition(description = "For readers that send a keep-alive line: seconds without any line after "
                + "which the connection counts as dead and is reopened; 0 = off", min = "0")
        int readTimeoutSeconds() default 0;
    }

    private static final Logger logger = LoggerFactory.getLogger(TcpRfidReader.class);

    private final ReaderSettings settings;
    private final LongSupplier nanoTime;
    private final ReconnectBackOff backOff;
    private final ScheduledExecutorService thread;
    /** The executor's one thread, joined on deactivation: the executor terminates a moment before it ends. */
    private volatile Thread worker;
    private final List<TokenListener> listeners = new CopyOnWriteArrayList<>();
    private volatile DeviceStatus status;
    private volatile boolean stopped;
    private volatile Socket socket;
    // Touched on the reader's thread only.
    private String lastUid;
    private long lastUidNanos;

    @Activate
    public TcpRfidReader(Config config) {
        this(ReaderSettings.of(config), System::nanoTime);
    }

    /** For tests: {@code nanoTime} is the clock of the repeat suppression. */
    TcpRfidReader(ReaderSettings settings, LongSupplier nanoTime) {
        this.settings = settings;
        this.nanoTime = nanoTime;
        this.backOff = new ReconnectBackOff(settings.reconnectMinMillis(), settings.reconnectMaxMillis());
        this.status = DeviceStatus.offline("connecting to " + settings.address());
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "example-rfid-tcp-" + settings.address());
            t.setDaemon(true);
            worker = t;
            return t;
        });
        thread.execute(this::connectAndRead);
    }

    @Deactivate
    void deactivate() {
        stopped = true;
        status = DeviceStatus.offline("reader stopped");
        thread.shutdownNow();
        closeQuietly(socket);
        try {
            if (!thread.awaitTermination(2, TimeUnit.SECONDS)) {
                logger.warn("Reader thread for {} did not stop within 2 s", settings.address());
            }
            Thread w = worker;
            if (w != null) {
                w.join(2000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addListener(TokenListener listener) {
        listeners.add(listener);
    }

    void removeListener(TokenListener listener) {
        listeners.remove(listener);
    }

    @Override
    public Set<String> tokenTypes() {
        return Set.of(settings.tokenType());
    }

    @Override
    public DeviceStatus status() {
        return status;
    }

    /** One connection: open it, read lines until it ends, then schedule the next attempt. */
    private void connectAndRead() {
        if (stopped) {
            return;
        }
        Socket s = new Socket();
        socket = s;
        if (stopped) { // deactivated between the check above and publishing the socket: it would not be closed
            closeQuietly(s);
            return;
        }
        String lost;
        try {
            s.setKeepAlive(true);
            s.setSoTimeout(settings.readTimeoutSeconds() * 1000);
            s.connect(new InetSocketAddress(settings.host(), settings.port()), settings.connectTimeoutMillis());
            if (stopped) {
                return;
            }
            changeStatus(DeviceStatus.ONLINE);
            backOff.reset();
            readLines(s.getInputStream());
            lost = "connection closed by the reader";
        } catch (SocketTimeoutException e) {
            lost = s.isConnected() ? "no line for " + settings.readTimeoutSeconds() + " s" : "no answer within "
                    + settings.connectTimeoutMillis() + " ms";
        } catch (ConnectException e) {
            lost = "connection refused";
        } catch (UnknownHostException e) {
            lost = "unknown host";
        } catch (IOException e) {
            lost = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        } finally {
            closeQuietly(s);
        }
        if (stopped) {
            return;
        }
        long delay = backOff.next();
        changeStatus(DeviceStatus.offline(settings.address() + ": " + lost + "; next attempt in " + delay + " ms"));
        try {
            thread.schedule(this::connectAndRead, delay, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // deactivated meanwhile
        }
    }

    /** Reads '\n'-terminated lines ('\r' ignored); a line longer than a UID can be is dropped unread. */
    private void readLines(InputStream in) throws IOException {
        byte[] line = new byte[CardUid.MAX_LINE_LENGTH];
        int length = 0;
        boolean overlong = false;
        int b;
        while ((b = in.read()) >= 0) {
            if (b == '\n') {
                if (overlong) {
                    logger.warn("Reader {} sent a line longer than {} bytes: ignored", settings.address(), line.length);
                } else {
                    lineReceived(new String(line, 0, length, StandardCharsets.US_ASCII));
                }
                length = 0;
                overlong = false;
            } else if (b != '\r') {
                if (length < line.length) {
                    line[length++] = (byte) b;
                } else {
                    overlong = true;
                }
            }
        }
    }

    private void lineReceived(String line) {
        if (line.isBlank()) {
            return; // keep-alive
        }
        String uid;
        try {
            uid = CardUid.parse(line);
        } catch (IllegalArgumentException e) {
            logger.warn("Reader {} sent a line that is no card UID ({}): ignored", settings.address(), e.getMessage());
            return;
        }
        long now = nanoTime.getAsLong();
        boolean repeat = uid.equals(lastUid)
                && now - lastUidNanos < TimeUnit.MILLISECONDS.toNanos(settings.repeatSuppressMillis());
        lastUid = uid;
        lastUidNanos = now;
        if (repeat) {
            return;
        }
        logger.info("Card {} presented at reader {} (EVSE {})", CardUid.masked(uid), settings.address(), settings.evseId());
        PresentedToken token = new PresentedToken(uid, settings.tokenType(), settings.evseId());
        for (TokenListener l : listeners) {
            try {
                l.tokenPresented(this, token);
            } catch (RuntimeException e) {
                logger.error("TokenListener {} failed", l, e);
            }
        }
    }

    /** A state change is logged once; the reasons of repeated failed attempts only at debug level. */
    private void changeStatus(DeviceStatus next) {
        DeviceStatus previous = status;
        status = next;
        if (previous.state() != next.state()) {
            logger.info("Reader {} is {}{}", settings.address(), next.state(), next.reason() == null ? "" : ": " + next.reason());
        } else {
            logger.debug("Reader {}: {}", settings.address(), next.reason());
        }
    }

    private static void closeQuietly(Socket s) {
        if (s != null) {
            try {
                s.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }

    @Override
    public String toString() {
        return "TcpRfidReader[" + settings.address() + ", EVSE " + settings.evseId() + "]";
    }
}
