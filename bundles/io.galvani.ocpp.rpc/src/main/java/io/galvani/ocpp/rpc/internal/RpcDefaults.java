package io.galvani.ocpp.rpc.internal;

/**
 * The defaults of {@link RpcConfig}, read from the annotation itself so that the device-model
 * definitions and the profile parsing can never drift from what the transport uses.
 */
final class RpcDefaults {
    private RpcDefaults() {
    }

    static Object of(String attribute) {
        try {
            return RpcConfig.class.getMethod(attribute).getDefaultValue();
        } catch (NoSuchMethodException e) {
            throw new IllegalArgumentException("RpcConfig has no attribute " + attribute, e);
        }
    }

    static int integer(String attribute) {
        return (Integer) of(attribute);
    }

    static String string(String attribute) {
        return (String) of(attribute);
    }
}
