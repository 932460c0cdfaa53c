package io.galvani.hal.api;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * An RFID (or other token) reader. Presented tokens go to every {@link TokenListener}; registered
 * with {@link HalProperties#EVSE_ID} (0 for a station-wide reader).
 */
@ConsumerType
public interface TokenReader {

    /** Token types this reader can read, as OCPP IdTokenEnumType values. */
    java.util.Set<String> tokenTypes();

    DeviceStatus status();
}
