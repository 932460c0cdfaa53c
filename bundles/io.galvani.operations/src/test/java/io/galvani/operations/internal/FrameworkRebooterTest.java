package io.galvani.operations.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;

import io.galvani.ocpp.model.types.BootReasonEnumType;
import io.galvani.security.api.SecurityEvents;

/** B11/B12 station reboot and the security event ResetOrReboot (Appendix 1, critical). */
class FrameworkRebooterTest {
    private final List<String> happened = new CopyOnWriteArrayList<>();
    private final SecurityEvents events = (type, techInfo) -> happened.add(type + " " + techInfo);
    private volatile boolean stopFails;

    @AfterEach
    void clearProperties() {
        System.clearProperty(FrameworkRebooter.NEXT_BOOT_REASON);
        System.clearProperty(FrameworkRebooter.RESET_RETRIES);
    }

    @Test
    void A04_aStationRebootIsReportedAsResetOrRebootBeforeTheFrameworkStops() throws Exception {
        new FrameworkRebooter(context(), () -> events).reboot(BootReasonEnumType.RemoteReset, 3);

        assertThat(happened).containsExactly("ResetOrReboot reason=RemoteReset", "system bundle stopped");
        assertThat(System.getProperty(FrameworkRebooter.NEXT_BOOT_REASON)).isEqualTo("RemoteReset");
        assertThat(System.getProperty(FrameworkRebooter.RESET_RETRIES)).isEqualTo("3");
    }

    @Test
    void withoutTheSecurityEventsServiceTheRebootStillHappens() throws Exception {
        new FrameworkRebooter(context(), () -> null).reboot(BootReasonEnumType.LocalReset, 0);

        assertThat(happened).containsExactly("system bundle stopped");
    }

    @Test
    void aFailedAttemptIsReportedAndLeavesNoBootReasonBehind() {
        stopFails = true;

        assertThatThrownBy(() -> new FrameworkRebooter(context(), () -> events)
                .reboot(BootReasonEnumType.ScheduledReset, 1)).isInstanceOf(BundleException.class);

        assertThat(happened).containsExactly("ResetOrReboot reason=ScheduledReset");
        assertThat(System.getProperty(FrameworkRebooter.NEXT_BOOT_REASON)).isNull();
    }

    private BundleContext context() {
        Bundle system = (Bundle) Proxy.newProxyInstance(Bundle.class.getClassLoader(), new Class<?>[] { Bundle.class },
                (p, method, args) -> {
                    if (method.getName().equals("stop") && (args == null || args.length == 0)) {
                        if (stopFails) {
                            throw new BundleException("simulated");
                        }
                        happened.add("system bundle stopped");
                        return null;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        return (BundleContext) Proxy.newProxyInstance(BundleContext.class.getClassLoader(),
                new Class<?>[] { BundleContext.class }, (p, method, args) -> {
                    if (method.getName().equals("getBundle") && Constants.SYSTEM_BUNDLE_LOCATION.equals(args[0])) {
                        return system;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }
}
