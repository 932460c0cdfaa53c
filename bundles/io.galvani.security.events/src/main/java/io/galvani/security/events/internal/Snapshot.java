package io.galvani.security.events.internal;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The security log's files at one moment ({@link SecurityLog#snapshot}), open for reading: rotation and
 * clearing may go on meanwhile without disturbing the reader (an open file stays readable when renamed or
 * deleted). Close it when done.
 */
public final class Snapshot implements Closeable {
    private static final Logger logger = LoggerFactory.getLogger(Snapshot.class);

    /** One file, to be read up to {@code length}. */
    record Part(String name, FileChannel channel, long length) {
    }

    private final List<Part> parts;
    private final long lastSeq;

    Snapshot(List<Part> parts, long lastSeq) {
        this.parts = List.copyOf(parts);
        this.lastSeq = lastSeq;
    }

    /** Seq of the last record when the snapshot was taken. */
    public long lastSeq() {
        return lastSeq;
    }

    /** Streams every file, oldest first, to {@code reader}. */
    public void read(LogReader reader) throws IOException {
        for (Part part : parts) {
            reader.beginFile(part.name());
            part.channel().position(0);
            LogReader.readLines(Channels.newInputStream(part.channel()), part.length(), reader);
        }
    }

    @Override
    public void close() {
        for (Part part : parts) {
            try {
                part.channel().close();
            } catch (IOException e) {
                logger.debug("Closing {}: {}", part.name(), e.toString());
            }
        }
    }
}
