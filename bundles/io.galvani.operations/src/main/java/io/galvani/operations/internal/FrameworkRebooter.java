package io.galvani.operations.internal;

import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;

import io.galvani.ocpp.model.types.BootReasonEnumType;

/**
 * Reboots in process: sets system property {@value #NEXT_BOOT_REASON} (and {@value #RESET_RETRIES})
 * and stops the system bundle; the launcher ({@code StationLauncher.runUntilStopped}) sees the
 * property, starts a new framework with framework property {@code galvani.boot.reason} set to it
 * (provisioning sends it in BootNotification) and tries again up to ResetRetries times if that start
 * fails. Not {@code systemBundle.update()}: Felix restarts the same framework instance by itself on
 * an update, with its old framework properties, so the boot reason could not change.
 */
final class FrameworkRebooter implements Rebooter {
    static final String NEXT_BOOT_REASON = "galvani.boot.reason.next";
    static final String RESET_RETRIES = "galvani.reset.retries";

    private final BundleContext context;

    FrameworkRebooter(BundleContext context) {
        this.context = context;
    }

    @Override
    public void reboot(BootReasonEnumType reason, int retries) throws Exception {
        // A security event (OCPP 2.0.1 Appendix 1: ResetOrReboot), kept in security.log for GetLog SecurityLog.
        org.slf4j.LoggerFactory.getLogger("galvani.security").info("ResetOrReboot reason={}", reason.value());
        System.setProperty(NEXT_BOOT_REASON, reason.value());
        System.setProperty(RESET_RETRIES, Integer.toString(retries));
        try {
            context.getBundle(Constants.SYSTEM_BUNDLE_LOCATION).stop();
        } catch (Exception | Error e) {
            System.clearProperty(NEXT_BOOT_REASON);
            System.clearProperty(RESET_RETRIES);
            throw e;
        }
    }
}
