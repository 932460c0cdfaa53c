package io.galvani.supervisor.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * NotifyEvent eventIds that stay unique across restarts. A clock seed is not enough: a station without a
 * battery-backed clock boots at the same time every run, the CSMS may set the clock back, and a flapping driver
 * raises more events than seconds pass before the next boot; and since events wait in the outbox across a
 * restart, the CSMS would see one id for two events. So the ids come from a counter in a file: a block of
 * {@value #BLOCK} ids is reserved (written and forced to disk) before the first of them is used, and a restart
 * continues after the reserved block, never inside it. One write per block keeps the flash wear negligible.
 */
final class EventIds {
    private static final Logger logger = LoggerFactory.getLogger(EventIds.class);
    static final int BLOCK = 1000;

    /** null: nowhere to persist (no data area), ids only unique within the run. */
    private final Path file;
    private int next;
    private int reservedUpTo;

    /** @param file where the reserved bound lives; {@code null} when the framework offers no data area */
    EventIds(Path file, Clock clock) {
        this.file = file;
        this.next = first(file, clock);
        this.reservedUpTo = next;
    }

    synchronized int next() {
        if (next >= reservedUpTo) {
            reserve();
        }
        return next++;
    }

    private void reserve() {
        if (next > Integer.MAX_VALUE - BLOCK) {
            next = 1; // after 2^31 events: the ids of long ago may be used again
        }
        reservedUpTo = next + BLOCK;
        if (file == null) {
            return;
        }
        try {
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(tmp, Integer.toString(reservedUpTo), StandardCharsets.US_ASCII);
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            // The events matter more than the ids' uniqueness after a restart: go on, say so.
            logger.warn("Cannot record the NotifyEvent eventId bound in {}: {}; ids may repeat after a restart",
                    file, e.toString());
        }
    }

    private static int first(Path file, Clock clock) {
        if (file != null) {
            try {
                int stored = Integer.parseInt(Files.readString(file, StandardCharsets.US_ASCII).trim());
                if (stored > 0) {
                    return stored;
                }
                logger.warn("NotifyEvent eventId bound in {} is {}: starting from the clock", file, stored);
            } catch (NoSuchFileException first) {
                // first start, or the bundle was reinstalled (its data area went with it): from the clock below
            } catch (IOException | NumberFormatException e) {
                logger.warn("NotifyEvent eventId bound in {} unreadable ({}): starting from the clock", file,
                        e.toString());
            }
        }
        // Best effort where nothing usable was recorded: ids of an earlier run are likely (not surely) below this.
        return (int) Math.max(1, clock.millis() / 1000 % 1_000_000_000);
    }
}
