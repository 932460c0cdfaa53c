package io.galvani.ocpp.rpc.internal;

import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;

/** Builds {@link RpcConfig} instances the way DS does: annotation defaults plus given values. */
final class TestConfig {
    private final Map<String, Object> values = new HashMap<>();

    static TestConfig config(String csmsUrl) {
        TestConfig c = new TestConfig();
        c.values.put("csmsUrl", csmsUrl);
        // fast tests: immediate reconnect, no random part
        c.values.put("retryBackOffWaitMinimumSeconds", 0);
        c.values.put("retryBackOffRandomRangeSeconds", 0);
        return c;
    }

    TestConfig with(String name, Object value) {
        values.put(name, value);
        return this;
    }

    /** The configuration properties as DS hands them to activate/modified next to the RpcConfig. */
    Map<String, Object> props() {
        return Map.copyOf(values);
    }

    RpcConfig build() {
        Map<String, Object> v = Map.copyOf(values);
        return (RpcConfig) Proxy.newProxyInstance(RpcConfig.class.getClassLoader(), new Class<?>[] { RpcConfig.class },
                (proxy, method, args) -> switch (method.getName()) {
                case "annotationType" -> RpcConfig.class;
                case "hashCode" -> v.hashCode();
                case "equals" -> proxy == args[0];
                case "toString" -> "RpcConfig(test)";
                default -> v.containsKey(method.getName()) ? v.get(method.getName()) : method.getDefaultValue();
                });
    }
}
