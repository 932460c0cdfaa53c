package io.galvani.firmware.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Copies a download into its file, refusing more than the configured maximum and stopping when canceled. */
final class LimitedCopy {
    private LimitedCopy() {
    }

    /** Thrown when the source is longer than allowed. */
    static final class TooLarge extends IOException {
        private static final long serialVersionUID = 1L;

        TooLarge(long max) {
            super("image larger than the configured maximum of " + max + " bytes");
        }
    }

    static long copy(InputStream in, Path target, long max) throws IOException {
        long total = 0;
        byte[] buffer = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(target, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new InterruptedIOException("download canceled");
                }
                total += n;
                if (total > max) {
                    throw new TooLarge(max);
                }
                out.write(buffer, 0, n);
            }
        }
        return total;
    }
}
