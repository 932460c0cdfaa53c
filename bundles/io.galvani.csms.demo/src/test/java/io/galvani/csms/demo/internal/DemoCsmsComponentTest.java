package io.galvani.csms.demo.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.annotation.Annotation;
import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

import io.galvani.csms.demo.DemoCsms;

/** The component outside a framework: BundleContext and Config are proxies. */
class DemoCsmsComponentTest {

    final List<Object> registered = new ArrayList<>();
    final List<String> unregistered = new ArrayList<>();

    @Test
    void startsRegistersAndStops() {
        DemoCsmsComponent component = new DemoCsmsComponent(context(), config(0));
        assertThat(registered).singleElement().isInstanceOf(DemoCsms.class);
        DemoCsms csms = (DemoCsms) registered.get(0);
        assertThat(csms.url().toString()).startsWith("ws://127.0.0.1:").endsWith("/ocpp");

        component.deactivate();
        assertThat(unregistered).hasSize(1);
        assertThat(LifecycleThreads.csmsThreadsEventuallyGone()).isTrue();
    }

    @Test
    void portInUseLeavesTheComponentIdleWithoutThrowing() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            DemoCsmsComponent component = new DemoCsmsComponent(context(), config(taken.getLocalPort()));
            assertThat(registered).isEmpty();
            component.deactivate();
            assertThat(unregistered).isEmpty();
        }
    }

    private BundleContext context() {
        return (BundleContext) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] { BundleContext.class },
                (proxy, method, args) -> {
                    if (method.getName().equals("registerService")) {
                        registered.add(args[1]);
                        return registration();
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    private ServiceRegistration<?> registration() {
        return (ServiceRegistration<?>) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] { ServiceRegistration.class }, (proxy, method, args) -> {
                    unregistered.add(method.getName());
                    return null;
                });
    }

    private static DemoCsmsComponent.Config config(int port) {
        return (DemoCsmsComponent.Config) Proxy.newProxyInstance(DemoCsmsComponentTest.class.getClassLoader(),
                new Class<?>[] { DemoCsmsComponent.Config.class }, (proxy, method, args) -> switch (method.getName()) {
                    case "port" -> port;
                    case "annotationType" -> (Class<? extends Annotation>) DemoCsmsComponent.Config.class;
                    default -> method.getDefaultValue();
                });
    }
}
