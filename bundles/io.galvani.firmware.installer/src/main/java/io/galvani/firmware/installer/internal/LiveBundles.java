package io.galvani.firmware.installer.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;

import io.galvani.firmware.api.FirmwareInstaller;
import io.galvani.firmware.installer.image.ContentHash;

/** The framework's bundles by symbolic name, and the content hash of an installed bundle (cached per revision). */
final class LiveBundles {
    private final BundleContext context;
    private final Map<String, String> hashes = new ConcurrentHashMap<>();

    LiveBundles(BundleContext context) {
        this.context = context;
    }

    /** Every bundle but the system bundle, by symbolic name. */
    Map<String, Bundle> bySymbolicName() {
        Map<String, Bundle> result = new LinkedHashMap<>();
        for (Bundle b : context.getBundles()) {
            if (b.getBundleId() != 0 && b.getSymbolicName() != null && b.getState() != Bundle.UNINSTALLED) {
                result.put(b.getSymbolicName(), b);
            }
        }
        return result;
    }

    /**
     * {@link ContentHash} of the bundle's own entries (not its fragments'), the same value as for its jar. Cached by
     * bundle id and last-modified time, which changes with every update.
     */
    String contentHash(Bundle bundle) throws IOException {
        String key = bundle.getBundleId() + "@" + bundle.getLastModified();
        String cached = hashes.get(key);
        if (cached != null) {
            return cached;
        }
        ContentHash hash = new ContentHash();
        addEntries(bundle, "/", hash);
        String hex = hash.hex();
        hashes.put(key, hex);
        return hex;
    }

    private static void addEntries(Bundle bundle, String dir, ContentHash hash) throws IOException {
        Enumeration<String> paths = bundle.getEntryPaths(dir);
        if (paths == null) {
            return;
        }
        while (paths.hasMoreElements()) {
            String path = paths.nextElement();
            if (path.endsWith("/")) {
                addEntries(bundle, path, hash);
            } else {
                URL url = bundle.getEntry(path);
                try (InputStream in = url.openStream()) {
                    hash.add(path, in);
                }
            }
        }
    }

    static boolean powerPath(Bundle bundle) {
        return "true".equalsIgnoreCase(String.valueOf(bundle.getHeaders("").get(FirmwareInstaller.POWER_PATH_HEADER)).trim());
    }

    static boolean isFragment(Bundle bundle) {
        return bundle.getHeaders("").get(Constants.FRAGMENT_HOST) != null;
    }
}
