package io.galvani.devicemodel.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.cm.ConfigurationEvent;
import org.osgi.service.cm.SynchronousConfigurationListener;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.galvani.devicemodel.api.ComponentKey;
import io.galvani.devicemodel.api.DeviceModel;
import io.galvani.devicemodel.api.DeviceModelContribution;
import io.galvani.devicemodel.api.Rejection;
import io.galvani.devicemodel.api.ValueSource;
import io.galvani.devicemodel.api.VariableAttribute;
import io.galvani.devicemodel.api.VariableDefinition;
import io.galvani.devicemodel.api.VariableKey;
import io.galvani.devicemodel.api.VariableRead;
import io.galvani.devicemodel.api.VariableWrite;
import io.galvani.ocpp.model.types.AttributeEnumType;
import io.galvani.ocpp.model.types.GetVariableStatusEnumType;
import io.galvani.ocpp.model.types.SetVariableStatusEnumType;

/**
 * The device model: the union of all {@link DeviceModelContribution}s, with values read from and
 * written to Config Admin. Reads are lock-free against an immutable {@link VariableIndex}; writes
 * are serialized.
 */
@Component(service = { DeviceModel.class, DeviceModelService.class, SynchronousConfigurationListener.class },
        configurationPid = DeviceModelService.PID,
        immediate = true)
@Designate(ocd = DeviceModelConfig.class)
public final class DeviceModelService implements DeviceModel, SynchronousConfigurationListener {
    static final String PID = "io.galvani.devicemodel";
    private static final Logger logger = LoggerFactory.getLogger(DeviceModelService.class);

    /** Contributions, highest precedence first. */
    private final Map<Precedence, List<VariableDefinition>> contributions = new ConcurrentSkipListMap<>();
    private final ValueStore values;
    private volatile VariableIndex index = VariableIndex.EMPTY;
    private volatile DeviceModelConfig config;

    @Activate
    public DeviceModelService(@Reference ConfigurationAdmin configAdmin, DeviceModelConfig config) {
        this(new ConfigValues(configAdmin), config);
    }

    DeviceModelService(ValueStore values, DeviceModelConfig config) {
        this.values = values;
        this.config = config;
    }

    /** Orders contributions like service references: higher ranking first, then older (lower id) first. */
    record Precedence(int ranking, long serviceId) implements Comparable<Precedence> {
        static Precedence of(ServiceReference<?> ref) {
            Object r = ref.getProperty(org.osgi.framework.Constants.SERVICE_RANKING);
            return new Precedence(r instanceof Integer i ? i : 0,
                    (Long) ref.getProperty(org.osgi.framework.Constants.SERVICE_ID));
        }

        @Override
        public int compareTo(Precedence o) {
            int c = Integer.compare(o.ranking, ranking);
            return c != 0 ? c : Long.compare(serviceId, o.serviceId);
        }
    }

    @Modified
    void modified(DeviceModelConfig newConfig) {
        this.config = newConfig;
    }

    DeviceModelConfig config() {
        return config;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addContribution(ServiceReference<DeviceModelContribution> ref, DeviceModelContribution contribution) {
        contribute(Precedence.of(ref), contribution, ref.getBundle());
    }

    void contribute(Precedence precedence, DeviceModelContribution contribution, Object owner) {
        List<VariableDefinition> defs;
        try {
            Collection<VariableDefinition> given = contribution.variables();
            defs = given == null ? List.of() : List.copyOf(given);
        } catch (RuntimeException e) {
            logger.error("Device model contribution of {} failed; ignored", owner, e);
            return;
        }
        contributions.put(precedence, defs);
        rebuild();
    }

    void removeContribution(ServiceReference<DeviceModelContribution> ref) {
        withdraw(Precedence.of(ref));
    }

    void withdraw(Precedence precedence) {
        if (contributions.remove(precedence) != null) {
            rebuild();
        }
    }

    private synchronized void rebuild() {
        List<VariableDefinition> shadowed = new ArrayList<>();
        index = VariableIndex.of(new ArrayList<>(contributions.values()), shadowed);
        shadowed.forEach(d -> logger.warn("{} is defined by two contributions; the lower-ranked one is ignored", d));
    }

    @Override
    public void configurationEvent(ConfigurationEvent event) {
        values.invalidate(event.getPid());
    }

    // ------------------------------------------------------------------ DeviceModel

    @Override
    public List<VariableDefinition> definitions() {
        return index.all();
    }

    @Override
    public Optional<VariableDefinition> definition(ComponentKey component, VariableKey variable) {
        return Optional.ofNullable(index.find(component, variable));
    }

    VariableIndex index() {
        return index;
    }

    @Override
    public VariableRead read(ComponentKey component, VariableKey variable, AttributeEnumType attribute) {
        VariableIndex idx = index;
        VariableDefinition def = idx.find(component, variable);
        if (def == null) {
            return idx.hasComponent(component) ? VariableRead.of(GetVariableStatusEnumType.UnknownVariable, null)
                    : VariableRead.of(GetVariableStatusEnumType.UnknownComponent, null);
        }
        AttributeEnumType type = attribute == null ? AttributeEnumType.Actual : attribute;
        VariableAttribute attr = def.attributes().get(type);
        if (attr == null) {
            return VariableRead.of(GetVariableStatusEnumType.NotSupportedAttributeType, null);
        }
        if (!attr.readable()) {
            return VariableRead.of(GetVariableStatusEnumType.Rejected,
                    new Rejection("WriteOnly", def + " is write-only"));
        }
        try {
            return VariableRead.accepted(truncate(valueOf(def, attr)));
        } catch (RuntimeException e) {
            logger.warn("Reading {} failed", def, e);
            return VariableRead.of(GetVariableStatusEnumType.Rejected,
                    new Rejection("InternalError", def + " could not be read"));
        }
    }

    /** The current text value of a readable attribute (null = unset); for reports. */
    String valueOf(VariableDefinition def, VariableAttribute attr) {
        ValueSource source = attr.source();
        if (source instanceof ValueSource.Constant c) {
            return c.value();
        }
        if (source instanceof ValueSource.Live l) {
            return l.value().get();
        }
        ValueSource.Configured cfg = (ValueSource.Configured) source;
        Object v = values.get(cfg.pid(), cfg.property());
        return v == null ? cfg.defaultValue() : ValueCodec.toText(def.characteristics().dataType(), v);
    }

    String truncate(String value) {
        int max = config.reportingValueSize();
        return value != null && value.length() > max ? value.substring(0, max) : value;
    }

    @Override
    public VariableWrite write(ComponentKey component, VariableKey variable, AttributeEnumType attribute, String value) {
        return writeAll(List.of(new WriteItem(component, variable, attribute, value))).get(0);
    }

    /** One item of a SetVariables request. */
    record WriteItem(ComponentKey component, VariableKey variable, AttributeEnumType attribute, String value) {
    }

    /**
     * Writes several values: each item is checked on its own, then the accepted ones are stored
     * with one Config Admin update per configuration, so a component sees one @Modified per request.
     * An item is never half-applied; if storing a configuration fails, every item of it is Rejected.
     */
    synchronized List<VariableWrite> writeAll(List<WriteItem> items) {
        VariableWrite[] results = new VariableWrite[items.size()];
        Map<String, Map<String, Object>> byPid = new LinkedHashMap<>();
        Map<String, List<Integer>> itemsOfPid = new LinkedHashMap<>();
        VariableIndex idx = index;
        for (int i = 0; i < items.size(); i++) {
            WriteItem item = items.get(i);
            VariableDefinition def = idx.find(item.component(), item.variable());
            if (def == null) {
                results[i] = VariableWrite.of(idx.hasComponent(item.component())
                        ? SetVariableStatusEnumType.UnknownVariable : SetVariableStatusEnumType.UnknownComponent, null);
                continue;
            }
            AttributeEnumType type = item.attribute() == null ? AttributeEnumType.Actual : item.attribute();
            VariableAttribute attr = def.attributes().get(type);
            if (attr == null) {
                results[i] = VariableWrite.of(SetVariableStatusEnumType.NotSupportedAttributeType, null);
                continue;
            }
            if (!attr.writable()) {
                results[i] = VariableWrite.of(SetVariableStatusEnumType.Rejected,
                        new Rejection("ReadOnly", def + " is read-only"));
                continue;
            }
            String value = normalize(def, item.value());
            Optional<Rejection> invalid = CharacteristicsCheck.check(def.toString(), def.characteristics(), value,
                    config.configurationValueSize());
            if (invalid.isEmpty()) {
                invalid = def.validator().check(value);
            }
            if (invalid.isPresent()) {
                results[i] = VariableWrite.of(SetVariableStatusEnumType.Rejected, invalid.get());
                continue;
            }
            ValueSource.Configured cfg = (ValueSource.Configured) attr.source();
            byPid.computeIfAbsent(cfg.pid(), p -> new LinkedHashMap<>()).put(cfg.property(),
                    ValueCodec.toConfig(def.characteristics().dataType(), value));
            itemsOfPid.computeIfAbsent(cfg.pid(), p -> new ArrayList<>()).add(i);
            results[i] = def.rebootRequired() ? VariableWrite.REBOOT_REQUIRED : VariableWrite.ACCEPTED;
        }
        byPid.forEach((pid, props) -> {
            try {
                values.put(pid, props);
            } catch (IOException | RuntimeException e) {
                logger.error("Storing configuration {} failed", pid, e);
                for (int i : itemsOfPid.get(pid)) {
                    results[i] = VariableWrite.of(SetVariableStatusEnumType.Rejected,
                            new Rejection("InternalError", "storing the value failed"));
                }
            }
        });
        return List.of(results);
    }

    /** Booleans arrive as "True" from some CSMSs; OCPP's canonical form is lower case. */
    private static String normalize(VariableDefinition def, String value) {
        if (value == null) {
            return "";
        }
        if (def.characteristics().dataType() == io.galvani.ocpp.model.types.DataEnumType._boolean) {
            return value.trim().toLowerCase(java.util.Locale.ROOT);
        }
        return value;
    }
}
