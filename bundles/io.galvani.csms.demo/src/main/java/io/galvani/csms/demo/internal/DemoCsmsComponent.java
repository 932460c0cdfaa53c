package io.galvani.csms.demo.internal;

import java.io.UncheckedIOException;
import java.net.BindException;
import java.util.Dictionary;
import java.util.Hashtable;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.galvani.csms.demo.CsmsOptions;
import io.galvani.csms.demo.DemoCsms;

/**
 * Runs the demo CSMS inside the station's framework when the distribution configures PID {@code io.galvani.csms.demo}
 * (it does so when no CSMS URL is set). On a port clash it logs one ERROR line and stays idle; any configuration
 * change re-activates it (no {@code @Modified}), which retries the start.
 *
 * <p>The {@link DemoCsms} service (property {@code csms.url}) is registered by hand, only while the CSMS runs,
 * so that nobody gets a CSMS that is not listening.
 */
@Component(configurationPid = DemoCsmsComponent.PID, configurationPolicy = ConfigurationPolicy.REQUIRE, service = {})
@Designate(ocd = DemoCsmsComponent.Config.class)
public final class DemoCsmsComponent {

    static final String PID = "io.galvani.csms.demo";

    private static final Logger LOG = LoggerFactory.getLogger(DemoCsmsComponent.class);

    @ObjectClassDefinition(name = "Galvani demo CSMS",
            description = "A small OCPP 2.0.1 CSMS on loopback for a first run without a real CSMS")
    public @interface Config {
        @AttributeDefinition(description = "Whether to run the demo CSMS; the distribution sets it when no CSMS URL "
                + "is configured, so that one shipped configuration serves both cases")
        boolean enabled() default true;

        @AttributeDefinition(description = "Interface to listen on; keep loopback unless you know why not")
        String host() default CsmsOptions.DEFAULT_HOST;

        @AttributeDefinition(description = "TCP port to listen on (0 = any free port)", min = "0", max = "65535")
        int port() default 9000;

        @AttributeDefinition(description = "Endpoint path; stations connect to ws://host:port/path/<stationId>")
        String path() default CsmsOptions.DEFAULT_PATH;

        @AttributeDefinition(description = "Log every OCPP frame readably (logger galvani.csms.demo, INFO)")
        boolean logTraffic() default true;
    }

    private final DemoCsms csms;
    private final ServiceRegistration<DemoCsms> registration;

    @Activate
    public DemoCsmsComponent(BundleContext context, Config config) {
        this.csms = start(config);
        this.registration = csms == null ? null : context.registerService(DemoCsms.class, csms, properties(csms));
    }

    private static DemoCsms start(Config config) {
        if (!config.enabled()) {
            return null;
        }
        CsmsOptions options = CsmsOptions.builder().host(config.host()).port(config.port()).path(config.path())
                .logTraffic(config.logTraffic()).build();
        try {
            return DemoCsms.start(options);
        } catch (UncheckedIOException e) {
            // A configuration problem, not a bug: one line saying what to change, no stack trace.
            String hint = e.getCause() != null && e.getCause().getCause() instanceof BindException
                    ? "port " + config.port() + " on " + config.host() + " is already in use" : e.getMessage();
            LOG.error("Demo CSMS not started: {}. Set 'port' in configuration {} to a free port, or configure "
                    + "a real CSMS URL for the station.", hint, PID);
            return null;
        }
    }

    private static Dictionary<String, Object> properties(DemoCsms csms) {
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put("csms.url", csms.url().toString());
        return properties;
    }

    @Deactivate
    void deactivate() {
        if (registration != null) {
            registration.unregister();
        }
        if (csms != null) {
            csms.close();
        }
    }
}
