package io.galvani.metering.internal;

import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;

/** {@link MeteringConfig} instances as DS builds them: the given properties, else the defaults. */
final class TestConfigs {

    private TestConfigs() {
    }

    static MeteringConfig defaults() {
        return of(Map.of());
    }

    /** Properties as Config Admin holds them (Integer, Boolean, String); absent ones take the defaults. */
    static MeteringConfig of(Map<String, ?> properties) {
        Map<String, Object> values = new HashMap<>(properties);
        return (MeteringConfig) Proxy.newProxyInstance(MeteringConfig.class.getClassLoader(),
                new Class<?>[] { MeteringConfig.class }, (proxy, method, args) -> {
                    switch (method.getName()) {
                    case "annotationType":
                        return MeteringConfig.class;
                    case "toString":
                        return "MeteringConfig" + values;
                    case "hashCode":
                        return values.hashCode();
                    case "equals":
                        return proxy == args[0];
                    default:
                        Object value = values.get(method.getName());
                        if (value == null) {
                            return method.getDefaultValue();
                        }
                        if (method.getReturnType() == int.class) {
                            return Integer.valueOf(value.toString());
                        }
                        if (method.getReturnType() == boolean.class) {
                            return Boolean.valueOf(value.toString());
                        }
                        return value.toString();
                    }
                });
    }
}
