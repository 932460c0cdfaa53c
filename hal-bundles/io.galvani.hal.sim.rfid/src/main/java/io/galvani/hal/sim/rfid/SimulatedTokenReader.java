package io.galvani.hal.sim.rfid;

import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.galvani.devicemodel.api.ComponentKey;
import io.galvani.devicemodel.api.DeviceModelContribution;
import io.galvani.devicemodel.api.GenericVariables;
import io.galvani.devicemodel.api.VariableDefinition;
import io.galvani.hal.api.DeviceStatus;
import io.galvani.hal.api.PresentedToken;
import io.galvani.hal.api.TokenListener;
import io.galvani.hal.api.TokenReader;
import io.galvani.hal.sim.api.TokenSimulator;

/**
 * A simulated token reader: {@link #present} validates the token as OCPP 2.0.1 would accept it and
 * tells every {@link TokenListener}, on the reader's own thread, in the order tokens were presented.
 *
 * <p>Contributes its hardware to the OCPP device model as component {@code TokenReader} (on its EVSE,
 * or station-wide for EVSE 0). The contribution is a service of this component, so it comes and goes
 * with the reader.
 */
@Component(name = SimulatedTokenReader.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL,
        service = { TokenReader.class, TokenSimulator.class, DeviceModelContribution.class })
@Designate(ocd = SimulatedTokenReader.Config.class)
public final class SimulatedTokenReader implements TokenReader, TokenSimulator, DeviceModelContribution {

    public static final String PID = "io.galvani.hal.sim.rfid";

    @ObjectClassDefinition(name = "Galvani simulated RFID reader",
            description = "hal.evse.id becomes a service property (0 = station-wide reader).")
    public @interface Config {
        @AttributeDefinition(name = "EVSE id", description = "EVSE of the reader, 0 for a station-wide reader; service property hal.evse.id", min = "0")
        int hal_evse_id() default 0;

        @AttributeDefinition(description = "OCPP IdTokenEnumType values this reader reads")
        String[] tokenTypes() default { "ISO14443", "ISO15693" };
    }

    private static final Logger logger = LoggerFactory.getLogger(SimulatedTokenReader.class);

    private final int evseId;
    private final Set<String> tokenTypes;
    private final Executor executor;
    private final List<TokenListener> listeners = new CopyOnWriteArrayList<>();
    private volatile DeviceStatus status = DeviceStatus.ONLINE;

    @Activate
    public SimulatedTokenReader(Config config) {
        this(config, Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "galvani-sim-rfid-evse" + config.hal_evse_id());
            t.setDaemon(true);
            return t;
        }));
    }

    /** For tests: the executor is the reader's thread. */
    SimulatedTokenReader(Config config, Executor executor) {
        if (config.hal_evse_id() < 0) {
            throw new IllegalArgumentException("hal.evse.id must be >= 0, was " + config.hal_evse_id());
        }
        Set<String> types = new LinkedHashSet<>();
        for (String t : config.tokenTypes()) {
            if (!ID_TOKEN_TYPES.contains(t)) {
                throw new IllegalArgumentException("tokenTypes: '" + t + "' is not an OCPP IdTokenEnumType; use "
                        + new TreeSet<>(ID_TOKEN_TYPES));
            }
            types.add(t);
        }
        this.evseId = config.hal_evse_id();
        this.tokenTypes = Collections.unmodifiableSet(types);
        this.executor = executor;
    }

    @Deactivate
    void deactivate() {
        status = DeviceStatus.offline("reader stopped");
        if (executor instanceof ExecutorService es) {
            es.shutdownNow();
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addListener(TokenListener listener) {
        listeners.add(listener);
    }

    void removeListener(TokenListener listener) {
        listeners.remove(listener);
    }

    @Override
    public Set<String> tokenTypes() {
        return tokenTypes;
    }

    @Override
    public DeviceStatus status() {
        return status;
    }

    // ---- DeviceModelContribution

    /**
     * TokenReader (at the reader's EVSE, station-wide for EVSE 0): Available and Enabled while the
     * reader is reachable, Problem while it is not ONLINE. Read live, from a volatile field.
     */
    @Override
    public Collection<VariableDefinition> variables() {
        ComponentKey reader = evseId == 0 ? ComponentKey.of("TokenReader") : ComponentKey.of("TokenReader").atEvse(evseId);
        return List.of(
                GenericVariables.available(reader, () -> status().state() != DeviceStatus.State.OFFLINE),
                GenericVariables.enabled(reader, () -> status().state() != DeviceStatus.State.OFFLINE),
                GenericVariables.problem(reader, () -> !status().isOnline()));
    }

    @Override
    public void present(String idToken, String type, int evseId) {
        if (type == null || !ID_TOKEN_TYPES.contains(type)) {
            throw new IllegalArgumentException("type '" + type + "' is not an OCPP IdTokenEnumType; use one of "
                    + new TreeSet<>(ID_TOKEN_TYPES));
        }
        if (!tokenTypes.contains(type)) {
            throw new IllegalArgumentException("this reader reads " + tokenTypes + ", not " + type
                    + " (configure tokenTypes of " + PID + " to add it)");
        }
        if (idToken == null) {
            throw new IllegalArgumentException("idToken must not be null");
        }
        if (idToken.length() > MAX_ID_TOKEN_LENGTH) {
            throw new IllegalArgumentException("idToken is " + idToken.length() + " characters; OCPP allows at most "
                    + MAX_ID_TOKEN_LENGTH);
        }
        if (idToken.isEmpty() && !"NoAuthorization".equals(type)) {
            throw new IllegalArgumentException("idToken must not be empty for type " + type);
        }
        if (evseId < 0 || (this.evseId != 0 && evseId != this.evseId)) {
            throw new IllegalArgumentException("evseId " + evseId + " is not served by this reader (reader of "
                    + (this.evseId == 0 ? "the whole station: use evseId >= 0" : "EVSE " + this.evseId) + ")");
        }
        PresentedToken token = new PresentedToken(idToken, type, evseId);
        logger.info("Token {} ({}) presented at EVSE {}", idToken, type, evseId);
        List<TokenListener> targets = List.copyOf(listeners);
        try {
            executor.execute(() -> {
                for (TokenListener l : targets) {
                    try {
                        l.tokenPresented(this, token);
                    } catch (RuntimeException e) {
                        logger.error("TokenListener {} failed", l, e);
                    }
                }
            });
        } catch (RejectedExecutionException e) {
            throw new IllegalStateException("reader stopped", e);
        }
    }

    @Override
    public String toString() {
        return "SimulatedTokenReader[EVSE " + evseId + ", " + Arrays.toString(tokenTypes.toArray()) + "]";
    }
}
