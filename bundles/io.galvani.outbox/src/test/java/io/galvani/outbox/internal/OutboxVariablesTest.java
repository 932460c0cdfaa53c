package io.galvani.outbox.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.galvani.devicemodel.api.ValueSource;
import io.galvani.devicemodel.api.VariableAttribute;
import io.galvani.devicemodel.api.VariableDefinition;
import io.galvani.ocpp.model.types.AttributeEnumType;
import io.galvani.ocpp.model.types.DataEnumType;
import io.galvani.ocpp.model.types.MutabilityEnumType;
import io.galvani.outbox.api.Outbox;
import io.galvani.outbox.api.OutboxStatus;

/** Device model: the E13 variables (Part 2 ref. variables 2.1.9–2.1.11) and Galvani's outbox component. */
class OutboxVariablesTest {
    private final OutboxVariables contribution = new OutboxVariables();
    private final List<VariableDefinition> variables = List.copyOf(contribution.variables());

    private VariableDefinition variable(String name) {
        return variables.stream().filter(v -> v.toString().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void contributesTheOcppVariablesWithTheirSpecifiedNamesAndInstances() {
        assertThat(variables).extracting(VariableDefinition::toString).containsExactly(
                "OCPPCommCtrlr.MessageAttempts[TransactionEvent]", "OCPPCommCtrlr.MessageAttemptInterval[TransactionEvent]",
                "OCPPCommCtrlr.QueueAllMessages", "GalvaniOutbox.Capacity", "GalvaniOutbox.Queued");
        assertThat(variables).allSatisfy(v -> assertThat(v.attributes()).containsOnlyKeys(AttributeEnumType.Actual));
        assertThat(variable("OCPPCommCtrlr.MessageAttempts[TransactionEvent]").characteristics().minLimit()).isEqualTo(1.0);
        assertThat(variable("OCPPCommCtrlr.MessageAttemptInterval[TransactionEvent]").characteristics().unit())
                .isEqualTo("s");
        assertThat(variable("OCPPCommCtrlr.QueueAllMessages").characteristics().dataType())
                .isEqualTo(DataEnumType._boolean);
    }

    @Test
    void writableValuesAreOurConfigurationPropertiesWithItsDefaults() throws Exception {
        int writable = 0;
        for (VariableDefinition v : variables) {
            VariableAttribute actual = v.attributes().get(AttributeEnumType.Actual);
            if (!(actual.source() instanceof ValueSource.Configured source)) {
                continue;
            }
            assertThat(source.pid()).isEqualTo(OutboxConfig.PID);
            Object configDefault = OutboxConfig.class.getMethod(source.property()).getDefaultValue();
            assertThat(source.defaultValue()).as(v + " default").isEqualTo(String.valueOf(configDefault));
            writable += actual.writable() ? 1 : 0;
            assertThat(actual.mutability()).isEqualTo(v.component().name().equals("OCPPCommCtrlr")
                    ? MutabilityEnumType.ReadWrite : MutabilityEnumType.ReadOnly);
        }
        assertThat(writable).isEqualTo(3);
    }

    @Test
    void queuedIsReadLiveWhileTheOutboxRuns() {
        ValueSource.Live queued = (ValueSource.Live) variable("GalvaniOutbox.Queued").attributes()
                .get(AttributeEnumType.Actual).source();
        assertThat(queued.value().get()).isNull();
        Outbox outbox = new Outbox() {
            @Override
            public java.util.List<java.util.concurrent.CompletionStage<io.galvani.ocpp.model.OcppResponse>> commit(
                    io.galvani.outbox.api.OutboxCommit commit) {
                throw new UnsupportedOperationException();
            }

            @Override
            public java.util.Map<String, String> state(String namespace) {
                return java.util.Map.of();
            }

            @Override
            public OutboxStatus status() {
                return new OutboxStatus(42, 100, null, 0, 0, false);
            }

            @Override
            public boolean queueAllMessages() {
                return false;
            }
        };
        contribution.setOutbox(outbox);
        assertThat(queued.value().get()).isEqualTo("42");
        contribution.unsetOutbox(outbox);
        assertThat(queued.value().get()).isNull();
    }
}
