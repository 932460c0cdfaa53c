package io.galvani.paxexam;

import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;

/** Copied into a rewritten driver jar by {@link FirmwareSteps}: a new bundle version whose activator fails. */
public final class ThrowingActivator implements BundleActivator {

    @Override
    public void start(BundleContext context) {
        throw new IllegalStateException("this bundle version fails to start on purpose");
    }

    @Override
    public void stop(BundleContext context) {
    }
}
