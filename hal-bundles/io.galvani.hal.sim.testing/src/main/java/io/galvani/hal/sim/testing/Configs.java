package io.galvani.hal.sim.testing;

import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Map;

/**
 * Builds a typed DS configuration (an annotation instance) from defaults plus overrides, as DS would.
 * <p>
 * Overrides are keyed by method name (e.g. {@code hal_evse_id}, {@code heartbeatIntervalSeconds}). A value of
 * the method's type is returned as is. Otherwise it is converted as DS converts Config Admin properties, so a
 * test may pass properties as Config Admin holds them: a {@code String} or other value becomes the
 * {@code int}, {@code long}, {@code double}, {@code boolean}, enum or {@code String} the method returns
 * (e.g. {@code "30"} for an {@code int}). An absent or null value takes the method's default.
 */
public final class Configs {

    private Configs() {
    }

    /** The configuration with every attribute at its default. */
    public static <T> T defaults(Class<T> type) {
        return of(type, Map.of());
    }

    /** The configuration with the given overrides, keyed by method name; absent ones take the defaults. */
    public static <T> T of(Class<T> type, Map<String, ?> overrides) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] { type }, (proxy, method, args) -> {
            Object value = overrides.get(method.getName());
            if (value != null && method.getParameterCount() == 0) {
                return convert(method, value);
            }
            Object def = method.getDefaultValue();
            if (def != null) {
                return def;
            }
            return switch (method.getName()) {
                case "annotationType" -> type;
                case "toString" -> type.getSimpleName() + overrides;
                case "hashCode" -> overrides.hashCode();
                case "equals" -> proxy == args[0];
                default -> throw new IllegalStateException("no value for " + method.getName());
            };
        }));
    }

    @SuppressWarnings({ "unchecked", "rawtypes" })
    private static Object convert(Method method, Object value) {
        Class<?> type = method.getReturnType();
        if (box(type).isInstance(value)) {
            return value;
        }
        String s = value.toString().trim();
        if (type == int.class || type == Integer.class) {
            return value instanceof Number n ? n.intValue() : Integer.valueOf(s);
        }
        if (type == long.class || type == Long.class) {
            return value instanceof Number n ? n.longValue() : Long.valueOf(s);
        }
        if (type == double.class || type == Double.class) {
            return value instanceof Number n ? n.doubleValue() : Double.valueOf(s);
        }
        if (type == boolean.class || type == Boolean.class) {
            return Boolean.valueOf(s);
        }
        if (type == String.class) {
            return value.toString();
        }
        if (type.isEnum()) {
            return Enum.valueOf((Class<? extends Enum>) type, s);
        }
        return value;
    }

    private static Class<?> box(Class<?> type) {
        return MethodType.methodType(type).wrap().returnType();
    }
}
