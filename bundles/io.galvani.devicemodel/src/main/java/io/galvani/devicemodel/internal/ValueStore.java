package io.galvani.devicemodel.internal;

import java.io.IOException;
import java.util.Map;

/** Where configured values are kept: Config Admin in the station ({@link ConfigValues}), a map in tests. */
interface ValueStore {

    /** The value of {@code property} in configuration {@code pid}, or null. */
    Object get(String pid, String property);

    /** Sets several properties of one configuration at once. */
    void put(String pid, Map<String, Object> values) throws IOException;

    /** Something else changed configuration {@code pid}. */
    void invalidate(String pid);
}
