package io.galvani.launcher;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * Start level per bundle symbolic name, from {@code startlevel.N=pattern,pattern} lines where a
 * pattern is a symbolic name, optionally ending in '*'. Unlisted bundles get
 * {@code startlevel.default} (3 if not set).
 */
final class StartLevels {
    static final String DEFAULT_KEY = "startlevel.default";
    private static final int DEFAULT_LEVEL = 3;

    private record Rule(String prefix, boolean wildcard, int level) {
        boolean matches(String bsn) {
            return wildcard ? bsn.startsWith(prefix) : bsn.equals(prefix);
        }
    }

    private final List<Rule> rules = new ArrayList<>();
    private final int defaultLevel;

    StartLevels(Properties launcher) {
        defaultLevel = Integer.parseInt(launcher.getProperty(DEFAULT_KEY, Integer.toString(DEFAULT_LEVEL)).trim());
        for (String key : launcher.stringPropertyNames()) {
            if (key.startsWith("startlevel.") && !key.equals(DEFAULT_KEY)) {
                int level = Integer.parseInt(key.substring("startlevel.".length()));
                for (String pattern : launcher.getProperty(key).split(",")) {
                    String p = pattern.trim();
                    if (!p.isEmpty()) {
                        boolean wildcard = p.endsWith("*");
                        rules.add(new Rule(wildcard ? p.substring(0, p.length() - 1) : p, wildcard, level));
                    }
                }
            }
        }
    }

    int of(String bsn) {
        return rules.stream().filter(r -> r.matches(bsn)).mapToInt(Rule::level).min().orElse(defaultLevel);
    }

    /** The level the framework must reach for every bundle to start. */
    int highest() {
        return Math.max(defaultLevel, rules.stream().mapToInt(Rule::level).max().orElse(defaultLevel));
    }
}
