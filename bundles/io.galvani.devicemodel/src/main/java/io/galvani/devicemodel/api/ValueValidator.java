package io.galvani.devicemodel.api;

import java.util.Optional;

/**
 * A check beyond the {@link Characteristics}, run before a value is written, e.g. that every slot
 * in NetworkConfigurationPriority holds a network profile. Called with a value that already
 * satisfies the characteristics.
 */
@FunctionalInterface
public interface ValueValidator {

    /** Accepts everything. */
    ValueValidator NONE = value -> Optional.empty();

    /** Empty if {@code value} may be written; else why not. */
    Optional<Rejection> check(String value);
}
