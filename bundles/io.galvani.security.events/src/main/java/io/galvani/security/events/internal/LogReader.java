package io.galvani.security.events.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Something that reads the security log line by line, file by file, oldest first: the chain verifier, the
 * search for notifications not yet handed to the outbox, the console. The log is streamed, never read into
 * memory whole (it may be several megabytes on a station with a small heap).
 */
public interface LogReader {
    /** A line longer than this is no record (a record is at most about 1.3 KB); it is cut. */
    int MAX_LINE_BYTES = 64 * 1024;

    /** The next file begins; {@code name} is its file name (e.g. {@code security.2.log}). */
    void beginFile(String name);

    /**
     * One line of the current file, without its line feed.
     *
     * @param terminated false for a last line without line feed (being written, or torn by a power cut)
     */
    void line(String text, boolean terminated);

    /** Feeds the first {@code limit} bytes of {@code in} to {@code reader} as lines (UTF-8). */
    static void readLines(InputStream in, long limit, LogReader reader) throws IOException {
        byte[] buffer = new byte[16 * 1024];
        ByteArrayOutputStream line = new ByteArrayOutputStream(256);
        long remaining = limit;
        int n;
        while (remaining > 0 && (n = in.read(buffer, 0, (int) Math.min(buffer.length, remaining))) > 0) {
            remaining -= n;
            int start = 0;
            for (int i = 0; i < n; i++) {
                if (buffer[i] == '\n') {
                    append(line, buffer, start, i - start);
                    reader.line(line.toString(StandardCharsets.UTF_8), true);
                    line.reset();
                    start = i + 1;
                }
            }
            append(line, buffer, start, n - start);
        }
        if (line.size() > 0) {
            reader.line(line.toString(StandardCharsets.UTF_8), false);
        }
    }

    private static void append(ByteArrayOutputStream line, byte[] buffer, int offset, int length) {
        int room = MAX_LINE_BYTES - line.size();
        if (room > 0) {
            line.write(buffer, offset, Math.min(room, length));
        }
    }
}
