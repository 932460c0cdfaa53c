package io.galvani.devicemodel.internal;

import java.io.IOException;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * The Config Admin side of the device model: reads configuration properties (as the owning
 * component sees them, i.e. after the interpolation plugin) and writes changed ones back.
 *
 * <p>Reads come from a per-PID cache so that GetVariables does not touch Config Admin on every
 * item; the cache entry of a PID is dropped on every configuration event for it, and replaced right
 * after our own writes.
 */
final class ConfigValues implements ValueStore {
    private static final Map<String, Object> ABSENT = Map.of();

    private final ConfigurationAdmin configAdmin;
    private final Map<String, Map<String, Object>> cache = new ConcurrentHashMap<>();

    ConfigValues(ConfigurationAdmin configAdmin) {
        this.configAdmin = configAdmin;
    }

    @Override
    public Object get(String pid, String property) {
        return cache.computeIfAbsent(pid, this::load).get(property);
    }

    /** Sets properties of one configuration in a single update, so its owner sees one @Modified. */
    @Override
    public synchronized void put(String pid, Map<String, Object> values) throws IOException {
        Configuration config = configAdmin.getConfiguration(pid, "?");
        Dictionary<String, Object> props = config.getProperties();
        if (props == null) {
            props = new Hashtable<>();
        }
        values.forEach(props::put);
        config.updateIfDifferent(props);
        cache.remove(pid);
    }

    /** Forgets what is cached for {@code pid}; called on configuration events. */
    @Override
    public void invalidate(String pid) {
        cache.remove(pid);
    }

    private Map<String, Object> load(String pid) {
        try {
            Configuration[] found = configAdmin.listConfigurations("(" + org.osgi.framework.Constants.SERVICE_PID
                    + "=" + escape(pid) + ")");
            if (found == null || found.length == 0) {
                return ABSENT;
            }
            Dictionary<String, Object> props = found[0].getProcessedProperties(null);
            if (props == null) {
                return ABSENT;
            }
            Map<String, Object> copy = new HashMap<>();
            for (Enumeration<String> keys = props.keys(); keys.hasMoreElements();) {
                String key = keys.nextElement();
                copy.put(key, props.get(key));
            }
            return Map.copyOf(copy);
        } catch (IOException | org.osgi.framework.InvalidSyntaxException e) {
            throw new IllegalStateException("cannot read configuration " + pid, e);
        }
    }

    private static String escape(String value) {
        return value.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)").replace("*", "\\*");
    }
}
