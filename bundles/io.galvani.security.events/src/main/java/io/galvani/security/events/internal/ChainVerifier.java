package io.galvani.security.events.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Checks the hash chain of the security log, file by file, oldest first, and reports the first line where it
 * breaks. Used by the console ({@code security:verify}), at start-up and in tests; it needs nothing but the
 * files (or their content, e.g. from a GetLog archive).
 *
 * <p>Rules: every file starts with a {@value LogRecord#FILE} record naming the hash it chains from
 * ({@code prev=}). For the oldest file present that hash is taken as given (older files may have been
 * rotated away or cleared: a note says so); every later file must continue exactly where the one before
 * ended (seq + 1, that hash). Every line must be a record whose seq is one more than the one before and whose
 * hash is SHA-256 of the previous hash and its content. So an edited line breaks at that line, a removed one
 * at the line after the gap, an inserted or moved one where it stands. A last line without line feed in the
 * newest file is being written (or was torn) and only noted.
 *
 * <p>What the chain cannot show: records removed from the end of the newest file, or a whole chain written
 * anew by someone who can write the files (there is no key). See the README.
 */
public final class ChainVerifier implements LogReader {

    /** Where the chain breaks. */
    public record Break(String file, long line, String reason) {
        @Override
        public String toString() {
            return file + " line " + line + ": " + reason;
        }
    }

    /**
     * The outcome.
     *
     * @param files    files read
     * @param records  records checked
     * @param firstSeq seq of the first record present (0 if none)
     * @param lastSeq  seq of the last record checked
     * @param broken   the first break, or null when the chain holds
     * @param notes    what is worth knowing but not a break: files rotated away before the oldest one, repairs
     *                 recorded by the log, a last line being written
     */
    public record Report(int files, long records, long firstSeq, long lastSeq, Break broken, List<String> notes) {
        public boolean intact() {
            return broken == null;
        }

        @Override
        public String toString() {
            StringBuilder out = new StringBuilder();
            if (broken == null) {
                out.append(String.format("Security log intact: %d records in %d files, #%d..#%d%n", records, files,
                        firstSeq, lastSeq));
            } else {
                out.append(String.format("Security log BROKEN at %s%n  (%d records checked before it)%n", broken,
                        records));
            }
            for (String note : notes) {
                out.append("  note: ").append(note).append(System.lineSeparator());
            }
            return out.toString();
        }
    }

    private final List<String> notes = new ArrayList<>();
    private String file;
    private String previousFile;
    private long lineNumber;
    private String lastHash;
    private long lastSeq;
    private long firstSeq;
    private long records;
    private int files;
    private Break broken;
    /** A line without line feed was seen; anything after it is a break. */
    private boolean unterminatedSeen;

    /** Verifies the log's files in {@code dir}. */
    public static Report verify(Path dir) throws IOException {
        ChainVerifier verifier = new ChainVerifier();
        for (Path path : SecurityLog.filesOldestFirst(dir)) {
            try (InputStream in = Files.newInputStream(path)) {
                verifier.beginFile(path.getFileName().toString());
                LogReader.readLines(in, Long.MAX_VALUE, verifier);
            } catch (NoSuchFileException e) {
                verifier.notes.add(path.getFileName() + " disappeared while verifying (rotated?)");
            }
        }
        return verifier.report();
    }

    /** Verifies files given by name and content, oldest first (e.g. unpacked from a GetLog archive). */
    public static Report verify(List<Map.Entry<String, String>> filesOldestFirst) {
        ChainVerifier verifier = new ChainVerifier();
        try {
            for (Map.Entry<String, String> f : filesOldestFirst) {
                verifier.beginFile(f.getKey());
                byte[] bytes = f.getValue().getBytes(StandardCharsets.UTF_8);
                LogReader.readLines(new ByteArrayInputStream(bytes), bytes.length, verifier);
            }
        } catch (IOException e) {
            throw new IllegalStateException("reading memory cannot fail", e);
        }
        return verifier.report();
    }

    /**
     * Checks an excerpt, e.g. a file GetLog cut to a period: consecutive records, each (but the first, whose
     * predecessor is not there) chaining from the one before.
     */
    public static Report verifyExcerpt(String name, List<String> lines) {
        ChainVerifier verifier = new ChainVerifier();
        verifier.beginFile(name);
        for (String line : lines) {
            verifier.lineNumber++;
            if (verifier.broken != null) {
                break;
            }
            LogRecord record = LogRecord.parse(line);
            if (record == null) {
                verifier.fail("not a record of the security log");
            } else if (verifier.lastHash == null) {
                verifier.accept(record);
                verifier.notes.add(name + " is an excerpt from #" + record.seq() + ": its first record is not checked");
            } else {
                verifier.check(record);
            }
        }
        return verifier.report();
    }

    @Override
    public void beginFile(String name) {
        if (file != null) {
            previousFile = file;
        }
        file = name;
        lineNumber = 0;
        files++;
    }

    @Override
    public void line(String text, boolean terminated) {
        lineNumber++;
        if (broken != null) {
            return;
        }
        if (unterminatedSeen) {
            fail("follows a line without line feed in " + previousFile);
            return;
        }
        if (!terminated) {
            unterminatedSeen = true;
            notes.add(file + " line " + lineNumber + " has no line feed (being written, or torn by a power cut)");
            return;
        }
        LogRecord record = LogRecord.parse(text);
        if (record == null) {
            fail("not a record of the security log (changed, or written by something else)");
            return;
        }
        if (lineNumber == 1) {
            firstOfFile(record);
        } else {
            check(record);
        }
        if (broken == null && LogRecord.RECOVERED.equals(record.type())) {
            notes.add(file + " line " + lineNumber + " (#" + record.seq() + "): the log was repaired: "
                    + record.techInfo());
        }
    }

    private void firstOfFile(LogRecord record) {
        String prev = record.prev();
        if (prev == null) {
            fail("a file must start with its " + LogRecord.FILE + " record (prev=…), found " + record.type());
            return;
        }
        if (!record.chainsFrom(prev)) {
            fail("hash does not match the record (#" + record.seq() + ")");
            return;
        }
        if (lastHash == null) {
            if (!prev.equals(LogRecord.GENESIS)) {
                notes.add(file + " starts at #" + record.seq() + ": the records before it were rotated away or cleared");
            }
            accept(record);
            return;
        }
        if (!prev.equals(lastHash) || record.seq() != lastSeq + 1) {
            fail("does not continue where " + previousFile + " ends (#" + lastSeq + "): it starts at #" + record.seq()
                    + (prev.equals(lastHash) ? "" : " and names another previous hash"));
            return;
        }
        accept(record);
    }

    private void check(LogRecord record) {
        if (record.seq() != lastSeq + 1) {
            fail("expected #" + (lastSeq + 1) + ", found #" + record.seq()
                    + " (a record removed, inserted or moved here)");
        } else if (!record.chainsFrom(lastHash)) {
            fail("hash does not match (#" + record.seq() + " changed, or the record before it)");
        } else {
            accept(record);
        }
    }

    private void accept(LogRecord record) {
        if (records == 0) {
            firstSeq = record.seq();
        }
        records++;
        lastSeq = record.seq();
        lastHash = record.hash();
    }

    private void fail(String reason) {
        broken = new Break(file, lineNumber, reason);
    }

    public Report report() {
        return new Report(files, records, firstSeq, lastSeq, broken, List.copyOf(notes));
    }
}
