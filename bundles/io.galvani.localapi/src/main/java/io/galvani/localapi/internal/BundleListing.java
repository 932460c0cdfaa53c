package io.galvani.localapi.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.osgi.framework.startlevel.FrameworkStartLevel;
import org.osgi.framework.wiring.BundleRevision;

/**
 * The framework's bundles as an operator reads them ({@code GET /api/v1/bundles}): one snapshot, ordered by
 * bundle id.
 *
 * @param frameworkStartLevel the start level the framework runs at now
 */
record BundleListing(int frameworkStartLevel, List<Row> bundles) {

    /**
     * One bundle.
     *
     * @param symbolicName null for a bundle without Bundle-SymbolicName (pre-R4 jar)
     * @param state        INSTALLED, RESOLVED, STARTING, STOPPING, ACTIVE or UNINSTALLED
     * @param startLevel   the bundle's start level (0 for the system bundle)
     * @param fragment     a fragment is never ACTIVE: RESOLVED means attached to its host
     */
    record Row(long id, String symbolicName, String version, String state, int startLevel, boolean fragment) {
    }

    BundleListing {
        bundles = List.copyOf(bundles);
    }

    static BundleListing of(BundleContext context) {
        List<Row> rows = new ArrayList<>();
        for (Bundle b : context.getBundles()) {
            BundleStartLevel level = b.adapt(BundleStartLevel.class);
            BundleRevision revision = b.adapt(BundleRevision.class);
            rows.add(new Row(b.getBundleId(), b.getSymbolicName(), b.getVersion().toString(), stateName(b.getState()),
                    b.getBundleId() == 0 || level == null ? 0 : level.getStartLevel(),
                    revision != null && (revision.getTypes() & BundleRevision.TYPE_FRAGMENT) != 0));
        }
        rows.sort(Comparator.comparingLong(Row::id));
        FrameworkStartLevel framework = context.getBundle(0).adapt(FrameworkStartLevel.class);
        return new BundleListing(framework == null ? 0 : framework.getStartLevel(), rows);
    }

    static String stateName(int state) {
        return switch (state) {
            case Bundle.INSTALLED -> "INSTALLED";
            case Bundle.RESOLVED -> "RESOLVED";
            case Bundle.STARTING -> "STARTING";
            case Bundle.STOPPING -> "STOPPING";
            case Bundle.ACTIVE -> "ACTIVE";
            case Bundle.UNINSTALLED -> "UNINSTALLED";
            default -> "UNKNOWN(" + state + ")";
        };
    }
}
