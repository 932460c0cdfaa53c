package io.galvani.operations.internal;

import java.util.function.Supplier;

import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.galvani.ocpp.model.types.BootReasonEnumType;
import io.galvani.security.api.SecurityEventType;
import io.galvani.security.api.SecurityEvents;

/**
 * Reboots in process: sets system property {@value #NEXT_BOOT_REASON} (and {@value #RESET_RETRIES})
 * and stops the system bundle; the launcher ({@code StationLauncher.runUntilStopped}) sees the
 * property, starts a new framework with framework property {@code galvani.boot.reason} set to it
 * (provisioning sends it in BootNotification) and tries again up to ResetRetries times if that start
 * fails. Not {@code systemBundle.update()}: Felix restarts the same framework instance by itself on
 * an update, with its old framework properties, so the boot reason could not change.
 *
 * <p>Each attempt is first reported as the security event ResetOrReboot (Appendix 1, critical): it is in the
 * security log, forced to disk, when {@code report} returns, and sent to the CSMS through the outbox (after the
 * restart if the stop is quicker). Without the SecurityEvents service, a WARN in the operational log instead.
 */
final class FrameworkRebooter implements Rebooter {
    private static final Logger logger = LoggerFactory.getLogger(FrameworkRebooter.class);
    static final String NEXT_BOOT_REASON = "galvani.boot.reason.next";
    static final String RESET_RETRIES = "galvani.reset.retries";

    private final BundleContext context;
    private final Supplier<SecurityEvents> securityEvents;

    /** @param securityEvents the service if registered, else null */
    FrameworkRebooter(BundleContext context, Supplier<SecurityEvents> securityEvents) {
        this.context = context;
        this.securityEvents = securityEvents;
    }

    @Override
    public void reboot(BootReasonEnumType reason, int retries) throws Exception {
        String techInfo = "reason=" + reason.value();
        SecurityEvents events = securityEvents.get();
        if (events != null) {
            events.report(SecurityEventType.RESET_OR_REBOOT, techInfo);
        } else {
            logger.warn("Security event not in the security log (no SecurityEvents service): {} {}",
                    SecurityEventType.RESET_OR_REBOOT, techInfo);
        }
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
