package io.galvani.ocpp.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.lang.reflect.AnnotatedParameterizedType;
import java.lang.reflect.AnnotatedType;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Builds valid payloads reflectively from the record components and their constraint annotations,
 * through the generated API: {@code of(required...)}, then {@code withX(...)} for every optional field.
 */
final class Samples {
    static final Instant TIME = Instant.parse("2026-11-25T12:00:00.123Z");

    private Samples() {
    }

    /** Every field set, strings of maxLength, lists of at least two items (within maxItems). */
    static <T> T full(Class<T> type) {
        return build(type, true);
    }

    /** Required fields only, each with its smallest valid value. */
    static <T> T minimal(Class<T> type) {
        return build(type, false);
    }

    private static <T> T build(Class<T> type, boolean full) {
        RecordComponent[] components = type.getRecordComponents();
        Map<String, RecordComponent> byName = Arrays.stream(components)
                .collect(Collectors.toMap(RecordComponent::getName, c -> c));
        try {
            // of(...) takes the required fields in the order of the schema's "required" list
            Method of = Arrays.stream(type.getMethods()).filter(m -> m.getName().equals("of")).findFirst().orElseThrow();
            Object instance = of.invoke(null, Arrays.stream(of.getParameters())
                    .map(p -> value(byName.get(p.getName()).getAnnotatedType(), full)).toArray());
            if (!full) {
                return type.cast(instance);
            }
            for (RecordComponent c : components) {
                if (c.getType() == Map.class) {
                    instance = type.getMethod("withAdditionalProperty", String.class, JsonNode.class)
                            .invoke(instance, "vendorField", JsonNodeFactory.instance.objectNode().put("n", 1));
                } else if (!c.isAnnotationPresent(Required.class)) {
                    String wither = "with" + Character.toUpperCase(c.getName().charAt(0)) + c.getName().substring(1);
                    instance = type.getMethod(wither, c.getType()).invoke(instance, value(c.getAnnotatedType(), true));
                }
            }
            return type.cast(instance);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("generated API of " + type.getSimpleName() + " is incomplete", e);
        }
    }

    private static Object value(AnnotatedType type, boolean full) {
        Class<?> raw = type.getType() instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) type.getType();
        if (raw == List.class) {
            Items items = type.getAnnotation(Items.class);
            int size = Math.max(full ? 2 : 1, items == null ? 0 : items.min());
            size = Math.min(size, items == null ? size : items.max());
            AnnotatedType element = ((AnnotatedParameterizedType) type).getAnnotatedActualTypeArguments()[0];
            List<Object> list = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                list.add(value(element, full));
            }
            return list;
        }
        if (raw.isRecord()) {
            return build(raw, full);
        }
        if (raw.isEnum()) {
            Object[] constants = raw.getEnumConstants();
            return constants[full ? constants.length - 1 : 0];
        }
        if (raw == String.class) {
            MaxLength maxLength = type.getAnnotation(MaxLength.class);
            return full && maxLength != null ? "ä".repeat(maxLength.value()) : "v";
        }
        Range range = type.getAnnotation(Range.class);
        if (raw == Integer.class) {
            return range == null ? 42 : (int) (full && range.max() < Integer.MAX_VALUE ? range.max() : range.min());
        }
        if (raw == Double.class) {
            return range == null ? 12.5 : range.min();
        }
        if (raw == Boolean.class) {
            return full;
        }
        if (raw == Instant.class) {
            return TIME;
        }
        if (raw == JsonNode.class) {
            return full ? JsonNodeFactory.instance.objectNode().put("any", "json").set("list",
                    JsonNodeFactory.instance.arrayNode().add(1).add(2.5).addNull())
                    : JsonNodeFactory.instance.textNode("data");
        }
        throw new AssertionError("no sample for " + raw);
    }
}
