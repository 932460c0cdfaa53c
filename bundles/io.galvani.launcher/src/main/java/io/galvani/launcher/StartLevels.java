package io.galvani.launcher;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * Start level per bundle symbolic name, from {@code startlevel.N=pattern,pattern} lines where a
 * pattern is a symbolic name, optionally ending in '*'. Unlisted bundles start last.
 */
final class StartLevels {
    static final int FINAL = 3;

    private record Rule(String prefix, boolean wildcard, int level) {
        boolean matches(String bsn) {
            return wildcard ? bsn.startsWith(prefix) : bsn.equals(prefix);
        }
    }

    private final List<Rule> rules = new ArrayList<>();

    StartLevels(Properties launcher) {
        for (String key : launcher.stringPropertyNames()) {
            if (key.startsWith("startlevel.")) {
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
        return rules.stream().filter(r -> r.matches(bsn)).mapToInt(Rule::level).min().orElse(FINAL);
    }
}
