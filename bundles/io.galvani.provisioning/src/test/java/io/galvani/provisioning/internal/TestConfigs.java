package io.galvani.provisioning.internal;

import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;

/** {@link ProvisioningConfig} instances as DS would build them: given properties, else the defaults. */
final class TestConfigs {

    private TestConfigs() {
    }

    static ProvisioningConfig defaults() {
        return of(Map.of());
    }

    /** Properties as Config Admin holds them (Integer, String, …); absent ones take the defaults. */
    static ProvisioningConfig of(Map<String, ?> properties) {
        Map<String, Object> values = new HashMap<>(properties);
        return (ProvisioningConfig) Proxy.newProxyInstance(ProvisioningConfig.class.getClassLoader(),
                new Class<?>[] { ProvisioningConfig.class }, (proxy, method, args) -> {
                    switch (method.getName()) {
                    case "annotationType":
                        return ProvisioningConfig.class;
                    case "toString":
                        return "ProvisioningConfig" + values;
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
                        return value.toString();
                    }
                });
    }
}
