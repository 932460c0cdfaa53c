package io.galvani.hal.sim.testing;

import java.lang.reflect.Proxy;
import java.util.Map;

/** Builds a typed DS configuration (an annotation instance) from defaults plus overrides, as DS would. */
public final class Configs {

    private Configs() {
    }

    /** Overrides are keyed by method name (e.g. {@code hal_evse_id}). */
    public static <T> T of(Class<T> type, Map<String, Object> overrides) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] { type }, (proxy, method, args) -> {
            if (overrides.containsKey(method.getName())) {
                return overrides.get(method.getName());
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
}
