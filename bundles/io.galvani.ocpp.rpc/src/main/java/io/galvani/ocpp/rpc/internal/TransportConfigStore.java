package io.galvani.ocpp.rpc.internal;

import java.io.IOException;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.Map;

import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * The transport's own configuration (PID {@value OcppRpcLink#PID}) in Config Admin, for the parts that
 * change it at runtime (SetNetworkProfile, A05.FR.06) and for checks that must see a write made a
 * moment ago (the NetworkConfigurationPriority validator; Config Admin delivers {@code @Modified}
 * asynchronously).
 */
interface TransportConfigStore {

    /** The properties as the transport sees them (after interpolation); empty if there is no configuration. */
    Map<String, Object> read() throws IOException;

    /** Sets {@code changes} in one update (one {@code @Modified}); other properties are kept as stored. */
    void write(Map<String, Object> changes) throws IOException;

    /** The store backed by Config Admin. */
    static TransportConfigStore of(ConfigurationAdmin configAdmin) {
        return new TransportConfigStore() {
            @Override
            public Map<String, Object> read() throws IOException {
                Configuration[] found;
                try {
                    found = configAdmin.listConfigurations("(" + Constants.SERVICE_PID + "=" + OcppRpcLink.PID + ")");
                } catch (InvalidSyntaxException e) {
                    throw new IllegalStateException(e);
                }
                if (found == null || found.length == 0) {
                    return Map.of();
                }
                Dictionary<String, Object> props = found[0].getProcessedProperties(null);
                Map<String, Object> copy = new HashMap<>();
                if (props != null) {
                    for (Enumeration<String> keys = props.keys(); keys.hasMoreElements();) {
                        String key = keys.nextElement();
                        copy.put(key, props.get(key));
                    }
                }
                return copy;
            }

            @Override
            public void write(Map<String, Object> changes) throws IOException {
                synchronized (TransportConfigStore.class) {
                    Configuration config = configAdmin.getConfiguration(OcppRpcLink.PID, "?");
                    Dictionary<String, Object> props = config.getProperties();
                    if (props == null) {
                        props = new Hashtable<>();
                    }
                    changes.forEach(props::put);
                    config.updateIfDifferent(props);
                }
            }
        };
    }
}
