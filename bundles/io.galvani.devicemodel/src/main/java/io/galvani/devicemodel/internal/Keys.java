package io.galvani.devicemodel.internal;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.galvani.devicemodel.api.ComponentKey;
import io.galvani.devicemodel.api.VariableKey;

/**
 * Parses the text form of keys that {@link ComponentKey#toString()} and {@link VariableKey#toString()}
 * print, for the console: {@code Name[instance]@evse/connector} and {@code Name[instance]}.
 */
final class Keys {
    private static final Pattern COMPONENT = Pattern.compile("([^\\[@]+)(?:\\[([^\\]]*)\\])?(?:@(?:evse)?(\\d+)(?:/(\\d+))?)?");
    private static final Pattern VARIABLE = Pattern.compile("([^\\[]+)(?:\\[([^\\]]*)\\])?");

    private Keys() {
    }

    static ComponentKey component(String text) {
        Matcher m = COMPONENT.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("not a component: " + text + " (Name[instance]@evse/connector)");
        }
        return new ComponentKey(m.group(1), m.group(2), m.group(3) == null ? null : Integer.valueOf(m.group(3)),
                m.group(4) == null ? null : Integer.valueOf(m.group(4)));
    }

    static VariableKey variable(String text) {
        Matcher m = VARIABLE.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("not a variable: " + text + " (Name[instance])");
        }
        return new VariableKey(m.group(1), m.group(2));
    }
}
