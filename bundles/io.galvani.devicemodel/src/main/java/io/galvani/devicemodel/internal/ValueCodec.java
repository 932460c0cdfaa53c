package io.galvani.devicemodel.internal;

import java.math.BigDecimal;

import io.galvani.ocpp.model.types.DataEnumType;

/**
 * Converts between the text form OCPP uses for every value and the typed form kept in Config Admin
 * (integer as Integer or Long, decimal as Double, boolean as Boolean, the rest as String).
 */
final class ValueCodec {

    private ValueCodec() {
    }

    /** The typed configuration value of a text value that passed {@link CharacteristicsCheck}. */
    static Object toConfig(DataEnumType type, String text) {
        return switch (type) {
            case integer -> {
                long v = Long.parseLong(text.trim());
                yield v == (int) v ? (Object) (int) v : (Object) v;
            }
            case decimal -> new BigDecimal(text.trim()).doubleValue();
            case _boolean -> Boolean.parseBoolean(text.trim());
            default -> text;
        };
    }

    /** The OCPP text form of a configuration value, whatever type it was stored with. */
    static String toText(DataEnumType type, Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof String[] array) {
            return String.join(",", array);
        }
        if (type == DataEnumType.decimal || value instanceof Double || value instanceof Float) {
            return decimal(value);
        }
        if (type == DataEnumType._boolean) {
            return String.valueOf(Boolean.parseBoolean(value.toString().trim()));
        }
        return value.toString();
    }

    private static String decimal(Object value) {
        try {
            BigDecimal d = new BigDecimal(value.toString().trim()).stripTrailingZeros();
            return d.scale() < 0 ? d.setScale(0).toPlainString() : d.toPlainString();
        } catch (NumberFormatException e) {
            return value.toString();
        }
    }
}
