package io.galvani.firmware.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.Flow;

/**
 * Writes an HTTP response body into the download file, chunk by chunk, refusing more than the configured maximum
 * and noting when data last arrived, so that the downloading thread can give up on a server that went silent (the
 * HttpClient's request timeout ends with the headers).
 */
final class FileSubscriber implements Flow.Subscriber<List<ByteBuffer>> {
    private final Path target;
    private final long max;
    private final Throwable refusal;
    private volatile long lastActivity = System.nanoTime();
    private volatile Flow.Subscription subscription;
    private volatile Throwable failure;
    private FileChannel channel;
    private long written;

    /** @param refusal when not null, the body is not read at all and the download fails with it */
    FileSubscriber(Path target, long max, Throwable refusal) {
        this.target = target;
        this.max = max;
        this.refusal = refusal;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        if (refusal != null) {
            failure = refusal;
            s.cancel();
            return;
        }
        try {
            channel = FileChannel.open(target, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException e) {
            failure = e;
            s.cancel();
            return;
        }
        s.request(1);
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
        lastActivity = System.nanoTime();
        try {
            for (ByteBuffer b : buffers) {
                written += b.remaining();
                if (written > max) {
                    throw new LimitedCopy.TooLarge(max);
                }
                while (b.hasRemaining()) {
                    channel.write(b);
                }
            }
        } catch (IOException e) {
            failure = e;
            subscription.cancel();
            close();
            return;
        }
        subscription.request(1);
    }

    @Override
    public void onError(Throwable t) {
        failure = t;
        close();
    }

    @Override
    public void onComplete() {
        close();
    }

    /** Bytes written; only meaningful once the body completed. */
    long written() {
        return written;
    }

    /**
     * Why the body was not taken whole (the refusal, {@link LimitedCopy.TooLarge}, a write error), or null. Once set,
     * the exchange may never complete: the caller stops waiting for it.
     */
    Throwable failure() {
        return failure;
    }

    long nanosSinceData() {
        return System.nanoTime() - lastActivity;
    }

    /** Breaks off the transfer (cancel, silence). */
    void abort() {
        Flow.Subscription s = subscription;
        if (s != null) {
            s.cancel();
        }
        close();
    }

    private synchronized void close() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // the download fails anyway or is complete
            }
        }
    }
}
