package io.galvani.csms.demo;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

import org.osgi.annotation.versioning.ProviderType;

import com.fasterxml.jackson.databind.JsonNode;

import io.galvani.csms.demo.internal.JettyDemoCsms;

/**
 * A running demo/test CSMS. Thread-safe. Obtain one with {@link #start(CsmsOptions)} and {@link #close()} it.
 *
 * <p>Waiting is race-free without sleeps: every recorded frame has an index; {@link #mark()} returns the index the
 * next frame will get, and the {@code await…(since, …)} methods look at all frames from that index on, including
 * frames recorded before the call. The variants without {@code since} look at every frame ever recorded.
 * The {@code await…} methods throw {@link AssertionError} on timeout, with the recent traffic in the message.
 */
@ProviderType
public interface DemoCsms extends AutoCloseable {

    /** The only OCPP-J subprotocol this CSMS agrees to. */
    String SUBPROTOCOL = "ocpp2.0.1";

    /**
     * Starts a CSMS; returns once it listens.
     *
     * @throws java.io.UncheckedIOException when the port cannot be bound (cause: {@link java.net.BindException})
     */
    static DemoCsms start(CsmsOptions options) {
        return JettyDemoCsms.start(options);
    }

    /** Starts a CSMS with {@link CsmsOptions#defaults()}: loopback, ephemeral port, default replies. */
    static DemoCsms start() {
        return start(CsmsOptions.defaults());
    }

    /** The endpoint, e.g. {@code ws://127.0.0.1:41234/ocpp}; stations connect to {@code url() + "/" + stationId}. */
    URI url();

    /** {@code url() + "/" + stationId}, percent-encoded. */
    URI url(String stationId);

    /** Stops the server, drops all connections, fails outstanding {@link #call} futures; idempotent. */
    @Override
    void close();

    // --- scripted replies ---------------------------------------------------------------------------------

    /** Answer station CALLs of this action with {@code responder} from now on; {@code null} restores the default. */
    void onCall(String action, CallResponder responder);

    // --- recording ----------------------------------------------------------------------------------------

    /** All frames so far, in the order they were received or sent. */
    List<Frame> frames();

    /** All frames of one station so far. */
    List<Frame> frames(String stationId);

    /** Frames with at least one violation (framing, unmatched result, or the configured validator). */
    List<Frame> violations();

    /** The index the next recorded frame will get: a cursor for the {@code await…(since, …)} methods. */
    int mark();

    /** First frame (from index 0) that matches. */
    Frame awaitFrame(Predicate<Frame> matcher, Duration timeout);

    /** First frame with index {@code >= since} that matches. */
    Frame awaitFrame(int since, Predicate<Frame> matcher, Duration timeout);

    /** First CALL of this action from any station (from index 0). */
    Frame awaitCall(String action, Duration timeout);

    /** First CALL of this action from any station with index {@code >= since}. */
    Frame awaitCall(int since, String action, Duration timeout);

    // --- CSMS-initiated -----------------------------------------------------------------------------------

    /**
     * Sends a CALL to a connected station. The future completes with the CALLRESULT payload, or exceptionally with
     * {@link CsmsCallError} (CALLERROR), or {@link IllegalStateException} when the station is not connected or
     * disconnects first. There is no built-in timeout: use {@link CompletableFuture#orTimeout}.
     */
    CompletableFuture<JsonNode> call(String stationId, String action, JsonNode payload);

    /** {@link #call(String, String, JsonNode)} with the payload given as JSON text. */
    CompletableFuture<JsonNode> call(String stationId, String action, String jsonPayload);

    /** Sends this text as is (recorded like any frame); for malformed-frame tests. */
    void sendRaw(String stationId, String text);

    // --- connections --------------------------------------------------------------------------------------

    /** Drops the station's TCP connection abruptly, without a WebSocket close handshake. */
    void disconnect(String stationId);

    /** Whether the station has an open OCPP connection (subprotocol agreed). */
    boolean isConnected(String stationId);

    /** Stations with an open OCPP connection. */
    Set<String> connectedStations();

    /** Blocks until the station has an open OCPP connection. */
    void awaitConnected(String stationId, Duration timeout);

    /** Blocks until the station has no open OCPP connection. */
    void awaitDisconnected(String stationId, Duration timeout);

    /** How many OCPP connections (subprotocol agreed) this station has opened so far: counts reconnects. */
    int connectionCount(String stationId);

    /** Every upgrade request of this station so far, accepted or not, oldest first: when it (re)connected. */
    List<Handshake> handshakes(String stationId);

    /** The station's most recent upgrade request, accepted or not. */
    Optional<Handshake> lastHandshake(String stationId);
}
