package io.galvani.security.events.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One line of the security log (format 1):
 *
 * <pre>
 * 2025-03-01T12:00:00.123Z StartupOfTheDevice reason=PowerUp #42 9f86d081…(64 hex)
 * ^timestamp (UTC, ms)     ^type              ^techInfo      ^seq ^hash
 * </pre>
 *
 * <p>Fields are separated by one space; type, seq and hash contain none, so a techInfo with spaces (or none at
 * all: two spaces) is what lies between the type and the seq. The <em>content</em> is the line without its
 * last space and hash; {@code hash = hex(SHA-256(UTF-8(previous record's hash ‖ content)))}, with 64 zeros
 * before the very first record. So a record changed, removed, inserted or moved breaks the chain right there.
 *
 * <p>The log's own records have types starting with {@code @} (never an event's, see {@link EventText}):
 * {@value #FILE} opens every file and names the hash it chains from ({@code prev=}), {@value #RECOVERED} tells
 * what was found and repaired when the log was opened (a line torn by a power cut, a missing file),
 * {@value #OUTBOX} that critical events were committed to the outbox for the CSMS.
 */
public record LogRecord(Instant timestamp, String type, String techInfo, long seq, String hash) {
    /** First record of every file: {@code format=1 reason=… prev=<hash of the record before>}. */
    public static final String FILE = "@file";
    /** The log was repaired when opened; techInfo says what was found. */
    public static final String RECOVERED = "@recovered";
    /** Critical events up to a seq were committed to the outbox: {@code events=3 upTo=57}. */
    public static final String OUTBOX = "@outbox";
    /** What the first record of all chains from. */
    public static final String GENESIS = "0".repeat(64);
    public static final int FORMAT = 1;

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final Pattern SEQ = Pattern.compile("#(\\d{1,18})");
    private static final Pattern HASH = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern PREV = Pattern.compile("(?:^| )prev=([0-9a-f]{64})(?: |$)");
    private static final Pattern UP_TO = Pattern.compile("(?:^| )upTo=(\\d{1,18})(?: |$)");

    /** The next record after {@code previousHash}/{@code previousSeq}: computes seq and hash. */
    static LogRecord next(Instant timestamp, String type, String techInfo, long previousSeq, String previousHash) {
        Instant t = timestamp.truncatedTo(ChronoUnit.MILLIS);
        long seq = previousSeq + 1;
        return new LogRecord(t, type, techInfo, seq, hash(previousHash, content(t, type, techInfo, seq)));
    }

    /** The line as written, without the line feed. */
    public String line() {
        return content() + " " + hash;
    }

    /** What the hash covers (after the previous hash). */
    public String content() {
        return content(timestamp, type, techInfo, seq);
    }

    /** Whether this is an event (not one of the log's own records). */
    public boolean isEvent() {
        return !type.startsWith("@");
    }

    /** Whether {@code previousHash} followed by this record's content gives its hash. */
    public boolean chainsFrom(String previousHash) {
        return hash.equals(hash(previousHash, content()));
    }

    /** For a {@value #FILE} record: the hash it names as its predecessor's, or null. */
    public String prev() {
        if (!FILE.equals(type)) {
            return null;
        }
        Matcher m = PREV.matcher(techInfo);
        return m.find() ? m.group(1) : null;
    }

    /** For an {@value #OUTBOX} record: the seq up to which critical events were committed, else 0. */
    public long outboxUpTo() {
        if (!OUTBOX.equals(type)) {
            return 0;
        }
        Matcher m = UP_TO.matcher(techInfo);
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    static String outboxTechInfo(int events, long upTo) {
        return "events=" + events + " upTo=" + upTo;
    }

    /** The techInfo of a {@value #FILE} record. */
    static String fileTechInfo(String reason, String previousHash) {
        return "format=" + FORMAT + " reason=" + reason + " prev=" + previousHash;
    }

    static String formatTime(Instant t) {
        return TIME.format(t);
    }

    private static String content(Instant timestamp, String type, String techInfo, long seq) {
        return TIME.format(timestamp) + " " + type + " " + techInfo + " #" + seq;
    }

    /** {@code hex(SHA-256(UTF-8(previousHash + content)))}. */
    public static String hash(String previousHash, String content) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(previousHash.getBytes(StandardCharsets.US_ASCII));
            sha.update(content.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** The record a line holds, or null if it is not one (torn, edited beyond the format, another format). */
    public static LogRecord parse(String line) {
        int s1 = line.indexOf(' ');
        int s2 = s1 < 0 ? -1 : line.indexOf(' ', s1 + 1);
        int last = line.lastIndexOf(' ');
        int beforeLast = last <= 0 ? -1 : line.lastIndexOf(' ', last - 1);
        if (s1 <= 0 || s2 <= s1 + 1 || beforeLast < s2 || last <= beforeLast) {
            return null;
        }
        String hash = line.substring(last + 1);
        Matcher seq = SEQ.matcher(line.substring(beforeLast + 1, last));
        if (!HASH.matcher(hash).matches() || !seq.matches()) {
            return null;
        }
        Instant timestamp;
        try {
            timestamp = Instant.parse(line.substring(0, s1));
        } catch (DateTimeParseException e) {
            return null;
        }
        String techInfo = beforeLast == s2 ? "" : line.substring(s2 + 1, beforeLast);
        LogRecord record = new LogRecord(timestamp, line.substring(s1 + 1, s2), techInfo,
                Long.parseLong(seq.group(1)), hash);
        // Only what this class writes: a timestamp in another spelling would not hash the same anyway.
        return record.content().equals(line.substring(0, last)) ? record : null;
    }
}
