package io.galvani.display.web.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Consumer;

import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * One client's server-sent event stream. Events wait in a bounded queue and are written one at a time, each
 * write started when the previous one completed, so that {@link #offer} never blocks: a client that cannot keep
 * up fills its queue and is disconnected instead (its page reconnects and gets the current screen).
 */
final class EventStream {
    private final Response response;
    private final Callback done;
    private final int capacity;
    private final Consumer<EventStream> onClose;
    private final Deque<String> queue = new ArrayDeque<>(); // guarded by this
    private boolean writing; // guarded by this
    private boolean closed; // guarded by this

    /**
     * @param response the response to stream on (headers already set)
     * @param done     the handler's callback: completing it ends the response
     * @param capacity how many events may wait
     * @param onClose  told once when the stream ends, whatever the reason
     */
    EventStream(Response response, Callback done, int capacity, Consumer<EventStream> onClose) {
        this.response = response;
        this.done = done;
        this.capacity = capacity;
        this.onClose = onClose;
    }

    /** Queues {@code event} (a complete SSE message, ending in a blank line); false if the stream is or was closed. */
    boolean offer(String event) {
        synchronized (this) {
            if (closed) {
                return false;
            }
            if (queue.size() >= capacity) {
                closeLocked(new IllegalStateException("client too slow: " + capacity + " events waiting"));
                return false;
            }
            queue.add(event);
            if (writing) {
                return true;
            }
            writing = true;
        }
        writeNext();
        return true;
    }

    /** Ends the stream (the bundle stops): the client sees the end and reconnects later. */
    void close() {
        synchronized (this) {
            closeLocked(null);
        }
    }

    synchronized boolean closed() {
        return closed;
    }

    synchronized int waiting() {
        return queue.size();
    }

    private void writeNext() {
        String next;
        synchronized (this) {
            next = closed ? null : queue.poll();
            if (next == null) {
                writing = false;
                return;
            }
        }
        response.write(false, ByteBuffer.wrap(next.getBytes(StandardCharsets.UTF_8)),
                Callback.from(this::writeNext, this::failed));
    }

    private void failed(Throwable failure) {
        synchronized (this) {
            closeLocked(failure);
        }
    }

    /** A pending write is aborted by failing the response; an idle stream ends normally. */
    private void closeLocked(Throwable failure) {
        if (closed) {
            return;
        }
        closed = true;
        queue.clear();
        if (failure != null || writing) {
            done.failed(failure != null ? failure : new IllegalStateException("stream closed"));
        } else {
            done.succeeded();
        }
        onClose.accept(this);
    }
}
