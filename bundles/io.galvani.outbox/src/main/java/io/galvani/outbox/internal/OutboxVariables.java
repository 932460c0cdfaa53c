package io.galvani.outbox.internal;

import java.util.Collection;
import java.util.List;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import io.galvani.devicemodel.api.Characteristics;
import io.galvani.devicemodel.api.ComponentKey;
import io.galvani.devicemodel.api.DeviceModelContribution;
import io.galvani.devicemodel.api.ValueSource;
import io.galvani.devicemodel.api.VariableAttribute;
import io.galvani.devicemodel.api.VariableDefinition;
import io.galvani.devicemodel.api.VariableKey;
import io.galvani.outbox.api.Outbox;

/**
 * The outbox's device-model variables. The writable ones are properties of PID {@value OutboxConfig#PID},
 * so a SetVariables reaches {@link OutboxComponent} through {@code @Modified}. Registered even when the
 * store could not be opened, so that the CSMS still sees and can set the required E13 variables.
 *
 * <ul>
 * <li>OCPPCommCtrlr.MessageAttempts[TransactionEvent], MessageAttemptInterval[TransactionEvent]
 * (Part 2 ref. variables 2.1.10/2.1.11, required, ReadWrite)</li>
 * <li>OCPPCommCtrlr.QueueAllMessages (2.1.9, optional, ReadWrite)</li>
 * <li>GalvaniOutbox.Capacity (read-only, the configured store size) and GalvaniOutbox.Queued
 * (messages waiting now): Galvani's own component</li>
 * </ul>
 */
@Component(service = DeviceModelContribution.class)
public final class OutboxVariables implements DeviceModelContribution {
    static final ComponentKey OCPP_COMM_CTRLR = ComponentKey.of("OCPPCommCtrlr");
    static final ComponentKey GALVANI_OUTBOX = ComponentKey.of("GalvaniOutbox");

    private volatile Outbox outbox;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void setOutbox(Outbox o) {
        this.outbox = o;
    }

    void unsetOutbox(Outbox o) {
        if (outbox == o) {
            outbox = null;
        }
    }

    @Override
    public Collection<VariableDefinition> variables() {
        String pid = OutboxConfig.PID;
        return List.of(
                VariableDefinition.builder(OCPP_COMM_CTRLR, VariableKey.of("MessageAttempts", "TransactionEvent"),
                        Characteristics.integer().withMin(1))
                        .actual(VariableAttribute.readWrite(pid, "messageAttempts",
                                Integer.toString(OutboxConfig.DEFAULT_MESSAGE_ATTEMPTS)))
                        .build(),
                VariableDefinition.builder(OCPP_COMM_CTRLR, VariableKey.of("MessageAttemptInterval", "TransactionEvent"),
                        Characteristics.integer().withUnit("s").withMin(0))
                        .actual(VariableAttribute.readWrite(pid, "messageAttemptIntervalSeconds",
                                Integer.toString(OutboxConfig.DEFAULT_MESSAGE_ATTEMPT_INTERVAL_SECONDS)))
                        .build(),
                VariableDefinition.builder(OCPP_COMM_CTRLR, VariableKey.of("QueueAllMessages"), Characteristics.bool())
                        .actual(VariableAttribute.readWrite(pid, "queueAllMessages", "false"))
                        .build(),
                VariableDefinition.builder(GALVANI_OUTBOX, VariableKey.of("Capacity"), Characteristics.integer().withMin(1))
                        .actual(VariableAttribute.readOnly(ValueSource.configured(pid, "capacity",
                                Integer.toString(OutboxConfig.DEFAULT_CAPACITY))))
                        .build(),
                VariableDefinition.builder(GALVANI_OUTBOX, VariableKey.of("Queued"), Characteristics.integer())
                        .actual(VariableAttribute.readOnly(ValueSource.live(this::queued)))
                        .build());
    }

    /** Messages waiting now; no value while the outbox is not running. */
    private String queued() {
        Outbox o = outbox;
        return o == null ? null : Integer.toString(o.status().queued());
    }
}
