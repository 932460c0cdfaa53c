package io.galvani.ocpp.model.internal;

import static io.galvani.ocpp.model.OcppErrorCode.FormatViolation;
import static io.galvani.ocpp.model.OcppErrorCode.OccurrenceConstraintViolation;
import static io.galvani.ocpp.model.OcppErrorCode.PropertyConstraintViolation;
import static io.galvani.ocpp.model.OcppErrorCode.TypeConstraintViolation;

import com.fasterxml.jackson.databind.JsonNode;
import io.galvani.ocpp.model.Items;
import io.galvani.ocpp.model.MaxLength;
import io.galvani.ocpp.model.OcppErrorCode;
import io.galvani.ocpp.model.PayloadViolation;
import io.galvani.ocpp.model.Range;
import io.galvani.ocpp.model.Required;
import java.lang.reflect.AnnotatedParameterizedType;
import java.lang.reflect.AnnotatedType;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Checks a JSON payload against the schema constraints that the generator wrote on the payload
 * records as annotations, before Jackson binds it, so that every violation gets the OCPP-J error
 * code the specification prescribes (Part 4, "CallError") and a description naming the field.
 */
public final class PayloadValidator {

    /** The properties of a record type by JSON name, and whether it admits other properties. */
    private record Shape(Map<String, RecordComponent> properties, boolean open) {
    }

    private static final ClassValue<Shape> SHAPES = new ClassValue<>() {
        @Override
        protected Shape computeValue(Class<?> type) {
            Map<String, RecordComponent> properties = new LinkedHashMap<>();
            boolean open = false;
            for (RecordComponent component : type.getRecordComponents()) {
                if (component.getType() == Map.class) {
                    open = true; // the additionalProperties of CustomDataType
                } else {
                    properties.put(component.getName(), component);
                }
            }
            return new Shape(properties, open);
        }
    };

    private static final ClassValue<Set<String>> ENUM_VALUES = new ClassValue<>() {
        @Override
        protected Set<String> computeValue(Class<?> type) {
            try {
                Method value = type.getMethod("value"); // the JSON value, see the generated enums
                Set<String> values = new HashSet<>();
                for (Object constant : type.getEnumConstants()) {
                    values.add((String) value.invoke(constant));
                }
                return Set.copyOf(values);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("not a generated enum: " + type, e);
            }
        }
    };

    private PayloadValidator() {
    }

    /**
     * @param type a generated payload record
     * @throws PayloadViolation for the first violation found
     */
    public static void validate(JsonNode payload, Class<?> type) throws PayloadViolation {
        if (!type.isRecord()) {
            throw new IllegalArgumentException(type + " is not an OCPP payload type");
        }
        if (payload == null || !payload.isObject()) {
            throw new PayloadViolation(FormatViolation, "payload is not a JSON object");
        }
        checkObject(payload, type, "");
    }

    private static void checkObject(JsonNode node, Class<?> type, String path) throws PayloadViolation {
        Shape shape = SHAPES.get(type);
        if (!shape.open) {
            for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!shape.properties.containsKey(name)) {
                    throw violation(FormatViolation, join(path, name), "property not allowed");
                }
            }
        }
        for (RecordComponent component : shape.properties.values()) {
            String name = component.getName();
            JsonNode value = node.get(name);
            if (value != null) {
                checkValue(value, component.getAnnotatedType(), join(path, name));
            } else if (component.isAnnotationPresent(Required.class)) {
                throw violation(OccurrenceConstraintViolation, join(path, name), "required property missing");
            }
        }
    }

    private static void checkValue(JsonNode value, AnnotatedType type, String path) throws PayloadViolation {
        Class<?> raw = rawClass(type);
        if (raw == JsonNode.class) {
            return; // a property without a schema type, e.g. DataTransfer's data: any JSON value
        } else if (raw == List.class) {
            checkArray(value, type, path);
        } else if (raw.isRecord()) {
            expect(value.isObject(), value, "object", path);
            checkObject(value, raw, path);
        } else if (raw.isEnum()) {
            expect(value.isTextual(), value, "string", path);
            if (!ENUM_VALUES.get(raw).contains(value.textValue())) {
                throw violation(PropertyConstraintViolation, path,
                        "'" + value.textValue() + "' is not a " + raw.getSimpleName() + " value");
            }
        } else if (raw == String.class) {
            expect(value.isTextual(), value, "string", path);
            checkLength(value.textValue(), type.getAnnotation(MaxLength.class), path);
        } else if (raw == Integer.class) {
            expect(value.isIntegralNumber() || value.canConvertToExactIntegral(), value, "integer", path);
            expect(value.canConvertToInt(), value, "32-bit integer", path);
            checkRange(value, type.getAnnotation(Range.class), path);
        } else if (raw == Double.class) {
            expect(value.isNumber() && Double.isFinite(value.doubleValue()), value, "number", path);
            checkRange(value, type.getAnnotation(Range.class), path);
        } else if (raw == Boolean.class) {
            expect(value.isBoolean(), value, "boolean", path);
        } else if (raw == Instant.class) {
            expect(value.isTextual(), value, "date-time string", path);
            try {
                DateTimes.parse(value.textValue());
            } catch (DateTimeException e) {
                throw violation(TypeConstraintViolation, path, "'" + value.textValue() + "' is not an RFC 3339 date-time");
            }
        } else {
            throw new IllegalStateException("no JSON mapping for " + raw + " at " + path);
        }
    }

    private static void checkArray(JsonNode value, AnnotatedType type, String path) throws PayloadViolation {
        expect(value.isArray(), value, "array", path);
        Items items = type.getAnnotation(Items.class);
        if (items != null && value.size() < items.min()) {
            throw violation(OccurrenceConstraintViolation, path, value.size() + " items, minItems is " + items.min());
        }
        if (items != null && value.size() > items.max()) {
            throw violation(OccurrenceConstraintViolation, path, value.size() + " items, maxItems is " + items.max());
        }
        AnnotatedType element = ((AnnotatedParameterizedType) type).getAnnotatedActualTypeArguments()[0];
        for (int i = 0; i < value.size(); i++) {
            checkValue(value.get(i), element, path + "[" + i + "]");
        }
    }

    private static void checkLength(String text, MaxLength maxLength, String path) throws PayloadViolation {
        int length = text.codePointCount(0, text.length()); // JSON Schema counts code points
        if (maxLength != null && length > maxLength.value()) {
            throw violation(PropertyConstraintViolation, path,
                    "length " + length + " exceeds maxLength " + maxLength.value());
        }
    }

    private static void checkRange(JsonNode value, Range range, String path) throws PayloadViolation {
        if (range == null) {
            return;
        }
        double number = value.doubleValue();
        if (number < range.min()) {
            throw violation(PropertyConstraintViolation, path,
                    value.asText() + " is below minimum " + plain(range.min()));
        }
        if (number > range.max()) {
            throw violation(PropertyConstraintViolation, path,
                    value.asText() + " exceeds maximum " + plain(range.max()));
        }
    }

    private static void expect(boolean ok, JsonNode value, String expected, String path) throws PayloadViolation {
        if (!ok) {
            String actual = value.getNodeType().name().toLowerCase(Locale.ROOT);
            throw violation(TypeConstraintViolation, path, "expected " + expected + ", got " + actual);
        }
    }

    private static PayloadViolation violation(OcppErrorCode code, String path, String problem) {
        return new PayloadViolation(code, path + ": " + problem);
    }

    private static String join(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    private static String plain(double bound) {
        return BigDecimal.valueOf(bound).stripTrailingZeros().toPlainString();
    }

    private static Class<?> rawClass(AnnotatedType type) {
        return type.getType() instanceof ParameterizedType parameterized
                ? (Class<?>) parameterized.getRawType()
                : (Class<?>) type.getType();
    }
}
