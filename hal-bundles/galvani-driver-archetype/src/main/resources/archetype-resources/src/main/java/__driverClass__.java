package ${package};

import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.galvani.hal.api.DeviceStatus;
import io.galvani.hal.api.PresentedToken;
import io.galvani.hal.api.TokenListener;
import io.galvani.hal.api.TokenReader;

/**
 * ${vendorName} token reader for Galvani. One factory configuration per reader.
 *
 * <p>Everything the device does happens on the reader's single thread: open the device, read cards, tell the
 * {@link TokenListener}s (one card at a time, in order), report health. {@link #status()} and
 * {@link #tokenTypes()} only read fields: HAL calls return within 50 ms and never block on I/O.
 *
 * <p>Skeleton: replace {@link #openDevice()} with your device's protocol. Your I/O code calls
 * {@link #cardRead(String)}, {@link #deviceOnline()} and {@link #deviceOffline(String)}.
 */
// immediate: the reader must run and report cards even before anyone calls the TokenReader service.
@Component(name = ${driverClass}.PID, configurationPolicy = ConfigurationPolicy.REQUIRE, service = TokenReader.class, immediate = true)
@Designate(ocd = ${driverClass}.Config.class, factory = true)
public final class ${driverClass} implements TokenReader {

    public static final String PID = "${package}";

    /** OCPP IdTokenEnumType values a card reader may report. */
    static final Set<String> TOKEN_TYPES = Set.of("ISO14443", "ISO15693");

    @ObjectClassDefinition(name = "${vendorName} token reader", description = "hal.evse.id becomes a service property: 0 = station-wide reader.")
    public @interface Config {
        @AttributeDefinition(name = "EVSE id", description = "EVSE of the reader, 0 for a station-wide reader; service property hal.evse.id", min = "0")
        int hal_evse_id() default 0;

        @AttributeDefinition(description = "Where the device is: IP address, host name or serial port")
        String address() default "";

        @AttributeDefinition(description = "OCPP IdTokenEnumType of the cards this reader reads: ISO14443 or ISO15693")
        String tokenType() default "ISO14443";
    }

    private static final Logger logger = LoggerFactory.getLogger(${driverClass}.class);

    private final int evseId;
    private final String address;
    private final String tokenType;
    private final ScheduledExecutorService thread;
    /** The executor's one thread, joined on deactivation: the executor terminates a moment before it ends. */
    private volatile Thread worker;
    private final List<TokenListener> listeners = new CopyOnWriteArrayList<>();
    private volatile DeviceStatus status;

    @Activate
    public ${driverClass}(Config config) {
        if (config.hal_evse_id() < 0) {
            throw new IllegalArgumentException(PID + ": hal.evse.id must be 0 (station-wide) or an EVSE id >= 1, was " + config.hal_evse_id());
        }
        if (config.address().isBlank()) {
            throw new IllegalArgumentException(PID + ": address must be set to where the device is");
        }
        if (!TOKEN_TYPES.contains(config.tokenType())) {
            throw new IllegalArgumentException(PID + ": tokenType must be ISO14443 or ISO15693, was '" + config.tokenType() + "'");
        }
        this.evseId = config.hal_evse_id();
        this.address = config.address();
        this.tokenType = config.tokenType();
        this.status = DeviceStatus.offline("connecting to " + address);
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "${artifactId}-" + address);
            t.setDaemon(true);
            worker = t;
            return t;
        });
        // Open the device on the reader's thread: activation returns at once.
        thread.execute(this::openDevice);
    }

    /** Cancels every task, closes the device and stops the thread: a stopped bundle leaves nothing behind. */
    @Deactivate
    void deactivate() {
        status = DeviceStatus.offline("reader stopped");
        thread.shutdownNow();
        // TODO close your device's socket or serial port here (that also ends a blocking read on the thread).
        try {
            if (!thread.awaitTermination(2, TimeUnit.SECONDS)) {
                logger.warn("Reader thread for {} did not stop within 2 s", address);
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
        return Set.of(tokenType);
    }

    @Override
    public DeviceStatus status() {
        return status;
    }

    /**
     * Runs on the reader's thread. TODO: open the device at {@link #address}; when it is up call
     * {@link #deviceOnline()} and read cards; on failure call {@link #deviceOffline(String)} with the reason and
     * schedule the next attempt on {@code thread} with a back-off.
     */
    private void openDevice() {
        deviceOnline();
    }

    /** Your I/O code reports that the device answers. Any thread. */
    void deviceOnline() {
        onReaderThread(() -> changeStatus(DeviceStatus.ONLINE));
    }

    /** Your I/O code reports that the device cannot be reached, and why. Any thread. */
    void deviceOffline(String reason) {
        onReaderThread(() -> changeStatus(DeviceStatus.offline(address + ": " + reason)));
    }

    /** Your I/O code reports a card's id as OCPP sends it (ISO 14443: upper-case hex UID). Any thread. */
    void cardRead(String idToken) {
        onReaderThread(() -> {
            PresentedToken token = new PresentedToken(idToken, tokenType, evseId);
            for (TokenListener l : listeners) {
                try {
                    l.tokenPresented(this, token);
                } catch (RuntimeException e) {
                    logger.error("TokenListener {} failed", l, e);
                }
            }
        });
    }

    private void onReaderThread(Runnable task) {
        try {
            thread.execute(task);
        } catch (RejectedExecutionException e) {
            // stopped: nothing more to report
        }
    }

    /** A state change is logged once: a device that stays away is a status, not a log line per attempt. */
    private void changeStatus(DeviceStatus next) {
        DeviceStatus previous = status;
        status = next;
        if (previous.state() != next.state()) {
            logger.info("Reader {} is {}{}", address, next.state(), next.reason() == null ? "" : ": " + next.reason());
        }
    }

    @Override
    public String toString() {
        return "${driverClass}[" + address + ", EVSE " + evseId + "]";
    }
}
