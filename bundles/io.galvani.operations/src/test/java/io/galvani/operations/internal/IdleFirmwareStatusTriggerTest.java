package io.galvani.operations.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.junit.jupiter.api.Test;

import io.galvani.ocpp.testing.TestCall;
import io.galvani.ocpp.api.LinkStatus;
import io.galvani.ocpp.api.OcppLink;
import io.galvani.ocpp.model.OcppRequest;
import io.galvani.ocpp.model.OcppResponse;
import io.galvani.ocpp.model.messages.FirmwareStatusNotificationRequest;
import io.galvani.ocpp.model.messages.TriggerMessageRequest;
import io.galvani.ocpp.model.types.FirmwareStatusEnumType;
import io.galvani.ocpp.model.types.MessageTriggerEnumType;
import io.galvani.ocpp.model.types.TriggerMessageStatusEnumType;

class IdleFirmwareStatusTriggerTest {

    @Test
    void F06_FR_16_idleIsSentAfterTheResponse() {
        List<OcppRequest<?>> sent = new ArrayList<>();
        OcppLink link = new OcppLink() {
            @Override
            public <R extends OcppResponse> CompletionStage<R> call(OcppRequest<R> request) {
                sent.add(request);
                return new CompletableFuture<>();
            }

            @Override
            public LinkStatus status() {
                return null;
            }

            @Override
            public void gateChanged() {
            }
        };
        TestCall call = new TestCall("TriggerMessage");
        IdleFirmwareStatusTrigger trigger = new IdleFirmwareStatusTrigger(link);
        assertThat(trigger.triggers()).containsExactly(MessageTriggerEnumType.FirmwareStatusNotification);
        assertThat(trigger.trigger(TriggerMessageRequest.of(MessageTriggerEnumType.FirmwareStatusNotification), call)
                .status()).isEqualTo(TriggerMessageStatusEnumType.Accepted);
        assertThat(sent).isEmpty();
        call.responded();
        assertThat(sent).containsExactly(FirmwareStatusNotificationRequest.of(FirmwareStatusEnumType.Idle));
    }
}
