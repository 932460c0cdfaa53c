package io.galvani.devicemodel.api;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * Where the value of one variable attribute lives.
 *
 * <ul>
 * <li>{@link Constant}: fixed by the contributing bundle (a capability, a hardware limit).</li>
 * <li>{@link Live}: computed on every read (the clock, an availability state); read-only.</li>
 * <li>{@link Configured}: a property of a Config Admin configuration, normally the owning
 * component's own PID. The device model reads it from and writes it to Config Admin, so a
 * SetVariables change reaches the component through {@code @Modified} and is persisted with
 * the rest of the station's configuration. Values are stored typed: integer as Integer, decimal
 * as Double, boolean as Boolean, everything else (lists as comma-separated text) as String.</li>
 * </ul>
 */
public sealed interface ValueSource {

    static ValueSource constant(String value) {
        return new Constant(value);
    }

    static ValueSource live(Supplier<String> value) {
        return new Live(value);
    }

    /**
     * @param pid           the configuration's PID (for a factory configuration its full PID)
     * @param property      the property; a leading '.' keeps it out of service properties (secrets)
     * @param defaultValue  the value while the configuration or the property is absent; must be the
     *                      default the component itself uses
     */
    static ValueSource configured(String pid, String property, String defaultValue) {
        return new Configured(pid, property, defaultValue);
    }

    /** A value that never changes at runtime. */
    record Constant(String value) implements ValueSource {
        public Constant {
            Objects.requireNonNull(value, "value");
        }
    }

    /** A value computed on each read; {@code null} from the supplier reads as "no value". */
    record Live(Supplier<String> value) implements ValueSource {
        public Live {
            Objects.requireNonNull(value, "value");
        }
    }

    /** A value kept as a Config Admin configuration property. */
    record Configured(String pid, String property, String defaultValue) implements ValueSource {
        public Configured {
            Objects.requireNonNull(pid, "pid");
            Objects.requireNonNull(property, "property");
        }
    }
}
