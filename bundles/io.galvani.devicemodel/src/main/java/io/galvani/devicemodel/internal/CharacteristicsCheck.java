package io.galvani.devicemodel.internal;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.galvani.devicemodel.api.Characteristics;
import io.galvani.devicemodel.api.Rejection;

/**
 * Checks a value against a variable's characteristics (Part 2 §2.x "VariableCharacteristicsType"):
 * its data type, the numeric limits of numbers and the length limits of text and lists, and the
 * valuesList of the list types. Every rejection names the variable and the rule it broke.
 */
final class CharacteristicsCheck {

    private CharacteristicsCheck() {
    }

    static Optional<Rejection> check(String name, Characteristics c, String value, int maxValueSize) {
        if (value.length() > maxValueSize) {
            return reject("InvalidValue", name + ": value longer than ConfigurationValueSize (" + maxValueSize + ")");
        }
        return switch (c.dataType()) {
            case integer -> number(name, c, value, true);
            case decimal -> number(name, c, value, false);
            case _boolean -> value.equals("true") || value.equals("false") ? Optional.empty()
                    : reject("InvalidValue", name + ": expected true or false");
            case dateTime -> dateTime(name, value);
            case string -> length(name, c, value);
            case OptionList -> c.valuesList().contains(value) ? Optional.empty()
                    : reject("InvalidValue", name + ": expected one of " + String.join(",", c.valuesList()));
            case MemberList, SequenceList -> list(name, c, value);
        };
    }

    private static Optional<Rejection> number(String name, Characteristics c, String value, boolean integral) {
        BigDecimal v;
        try {
            v = new BigDecimal(value.trim());
        } catch (NumberFormatException e) {
            return reject("InvalidValue", name + ": not " + (integral ? "an integer" : "a decimal number"));
        }
        if (integral) {
            if (v.stripTrailingZeros().scale() > 0) {
                return reject("InvalidValue", name + ": not an integer");
            }
            if (v.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0 || v.compareTo(BigDecimal.valueOf(Long.MIN_VALUE)) < 0) {
                return reject("ValueOutOfRange", name + ": integer out of range");
            }
        }
        if (c.minLimit() != null && v.compareTo(BigDecimal.valueOf(c.minLimit())) < 0) {
            return reject("ValueOutOfRange", name + ": below minimum " + ValueCodec.toText(c.dataType(), c.minLimit()));
        }
        if (c.maxLimit() != null && v.compareTo(BigDecimal.valueOf(c.maxLimit())) > 0) {
            return reject("ValueOutOfRange", name + ": above maximum " + ValueCodec.toText(c.dataType(), c.maxLimit()));
        }
        return Optional.empty();
    }

    private static Optional<Rejection> dateTime(String name, String value) {
        try {
            OffsetDateTime.parse(value);
            return Optional.empty();
        } catch (DateTimeParseException e) {
            return reject("InvalidValue", name + ": not an RFC 3339 date-time");
        }
    }

    private static Optional<Rejection> length(String name, Characteristics c, String value) {
        if (c.minLimit() != null && value.length() < c.minLimit()) {
            return reject("ValueOutOfRange", name + ": shorter than " + c.minLimit().intValue() + " characters");
        }
        if (c.maxLimit() != null && value.length() > c.maxLimit()) {
            return reject("ValueOutOfRange", name + ": longer than " + c.maxLimit().intValue() + " characters");
        }
        return Optional.empty();
    }

    private static Optional<Rejection> list(String name, Characteristics c, String value) {
        Optional<Rejection> tooLong = length(name, c, value);
        if (tooLong.isPresent() || value.isEmpty()) {
            return tooLong;
        }
        List<String> allowed = c.valuesList();
        Set<String> seen = new HashSet<>();
        for (String member : value.split(",", -1)) {
            if (!allowed.contains(member)) {
                return reject("InvalidValue", name + ": '" + abbreviate(member) + "' is not one of "
                        + String.join(",", allowed));
            }
            if (!seen.add(member)) {
                return reject("InvalidValue", name + ": '" + member + "' listed twice");
            }
        }
        return Optional.empty();
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "…";
    }

    private static Optional<Rejection> reject(String code, String detail) {
        return Optional.of(new Rejection(code, detail));
    }
}
