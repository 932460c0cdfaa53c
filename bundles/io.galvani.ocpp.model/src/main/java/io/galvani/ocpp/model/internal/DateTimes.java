package io.galvani.ocpp.model.internal;

import static java.time.temporal.ChronoField.HOUR_OF_DAY;
import static java.time.temporal.ChronoField.MINUTE_OF_HOUR;
import static java.time.temporal.ChronoField.NANO_OF_SECOND;
import static java.time.temporal.ChronoField.SECOND_OF_MINUTE;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoUnit;

/**
 * OCPP date-times: written as RFC 3339 UTC with milliseconds ({@code 2026-11-25T12:00:00.000Z}), the
 * form every CSMS accepts; read as any RFC 3339 date-time, with any offset and fraction.
 */
public final class DateTimes {
    private static final DateTimeFormatter WRITE =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    // Stricter than ISO_OFFSET_DATE_TIME, which would accept a time without seconds.
    private static final DateTimeFormatter READ = new DateTimeFormatterBuilder()
            .parseCaseInsensitive()
            .append(DateTimeFormatter.ISO_LOCAL_DATE)
            .appendLiteral('T')
            .appendValue(HOUR_OF_DAY, 2).appendLiteral(':')
            .appendValue(MINUTE_OF_HOUR, 2).appendLiteral(':')
            .appendValue(SECOND_OF_MINUTE, 2)
            .optionalStart().appendFraction(NANO_OF_SECOND, 1, 9, true).optionalEnd()
            .appendOffset("+HH:MM", "Z")
            .toFormatter()
            .withResolverStyle(ResolverStyle.STRICT);

    private DateTimes() {
    }

    public static String format(Instant instant) {
        return WRITE.format(instant.truncatedTo(ChronoUnit.MILLIS));
    }

    /** @throws DateTimeException if {@code text} is not an RFC 3339 date-time */
    public static Instant parse(String text) {
        return OffsetDateTime.parse(text, READ).toInstant();
    }

    /** Jackson (de)serializers for {@link Instant} in the form above. */
    public static SimpleModule module() {
        return new SimpleModule("ocpp-date-time")
                .addSerializer(Instant.class, new JsonSerializer<>() {
                    @Override
                    public void serialize(Instant value, JsonGenerator gen, SerializerProvider provider)
                            throws IOException {
                        gen.writeString(format(value));
                    }
                })
                .addDeserializer(Instant.class, new JsonDeserializer<>() {
                    @Override
                    public Instant deserialize(JsonParser parser, DeserializationContext context)
                            throws IOException {
                        String text = parser.getValueAsString();
                        try {
                            return parse(text);
                        } catch (DateTimeException | NullPointerException e) {
                            return (Instant) context.handleWeirdStringValue(Instant.class, text, e.getMessage());
                        }
                    }
                });
    }
}
