package io.galvani.operations.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

import io.galvani.ocpp.testing.TestCall;
import io.galvani.ocpp.model.messages.ChangeAvailabilityRequest;
import io.galvani.ocpp.model.messages.ChangeAvailabilityResponse;
import io.galvani.ocpp.model.messages.ResetRequest;
import io.galvani.ocpp.model.messages.ResetResponse;
import io.galvani.ocpp.model.types.ChangeAvailabilityStatusEnumType;
import io.galvani.ocpp.model.types.EVSEType;
import io.galvani.ocpp.model.types.OperationalStatusEnumType;
import io.galvani.ocpp.model.types.ResetEnumType;
import io.galvani.ocpp.model.types.ResetStatusEnumType;

/** The OCPP handlers translate requests into {@link Operations} calls and outcomes into responses. */
class HandlersTest {
    private final AtomicReference<Scope> changed = new AtomicReference<>();
    private final AtomicReference<Outcome> next = new AtomicReference<>(Outcome.accepted());
    private final Operations operations = new Operations() {
        @Override
        public Outcome reset(ResetEnumType type, Integer evseId, ResetManager.Origin origin,
                Consumer<Runnable> afterResponse) {
            afterResponse.accept(() -> { });
            return next.get();
        }

        @Override
        public Outcome changeAvailability(Scope scope, boolean inoperative) {
            changed.set(scope);
            return next.get();
        }

        @Override
        public AvailabilitySettings availability() {
            return AvailabilitySettings.ALL_OPERATIVE;
        }

        @Override
        public AvailabilitySettings requestedAvailability() {
            return AvailabilitySettings.ALL_OPERATIVE;
        }

        @Override
        public boolean evseResetting(int evseId) {
            return false;
        }

        @Override
        public boolean stationResetPending() {
            return false;
        }

        @Override
        public Executor executor() {
            return Runnable::run;
        }
    };

    @Test
    void reset_acceptedWithoutStatusInfo_actionDeferredToAfterResponse() {
        TestCall call = new TestCall("Reset");
        ResetResponse response = new ResetHandler(operations).handle(ResetRequest.of(ResetEnumType.OnIdle), call);
        assertThat(response.status()).isEqualTo(ResetStatusEnumType.Accepted);
        assertThat(response.statusInfo()).isNull();
        assertThat(call.pendingTasks()).isEqualTo(1);
    }

    @Test
    void reset_rejectedCarriesReasonCode() {
        next.set(Outcome.rejected("UnknownEvse", "no EVSE 4"));
        ResetResponse response = new ResetHandler(operations).handle(ResetRequest.of(ResetEnumType.OnIdle).withEvseId(4),
                new TestCall("Reset"));
        assertThat(response.status()).isEqualTo(ResetStatusEnumType.Rejected);
        assertThat(response.statusInfo().reasonCode()).isEqualTo("UnknownEvse");
        assertThat(response.statusInfo().additionalInfo()).isEqualTo("no EVSE 4");
    }

    @Test
    void changeAvailability_scopes() {
        ChangeAvailabilityHandler handler = new ChangeAvailabilityHandler(operations);
        ChangeAvailabilityRequest request = ChangeAvailabilityRequest.of(OperationalStatusEnumType.Inoperative);
        handler.handle(request, new TestCall("ChangeAvailability"));
        assertThat(changed.get()).isEqualTo(Scope.STATION);
        handler.handle(request.withEvse(EVSEType.of(2)), new TestCall("ChangeAvailability"));
        assertThat(changed.get()).isEqualTo(Scope.evse(2));
        handler.handle(request.withEvse(EVSEType.of(2).withConnectorId(1)), new TestCall("ChangeAvailability"));
        assertThat(changed.get()).isEqualTo(Scope.connector(2, 1));
        handler.handle(request.withEvse(EVSEType.of(0)), new TestCall("ChangeAvailability"));
        assertThat(changed.get()).isEqualTo(Scope.STATION);
    }

    @Test
    void changeAvailability_scheduledAndNonsenseEvse() {
        ChangeAvailabilityHandler handler = new ChangeAvailabilityHandler(operations);
        next.set(Outcome.scheduled("later"));
        ChangeAvailabilityResponse scheduled = handler.handle(ChangeAvailabilityRequest
                .of(OperationalStatusEnumType.Inoperative).withEvse(EVSEType.of(1)), new TestCall("x"));
        assertThat(scheduled.status()).isEqualTo(ChangeAvailabilityStatusEnumType.Scheduled);
        assertThat(scheduled.statusInfo().reasonCode()).isEqualTo("TxInProgress");

        changed.set(null);
        ChangeAvailabilityResponse nonsense = handler.handle(ChangeAvailabilityRequest
                .of(OperationalStatusEnumType.Inoperative).withEvse(EVSEType.of(0).withConnectorId(1)),
                new TestCall("x"));
        assertThat(nonsense.status()).isEqualTo(ChangeAvailabilityStatusEnumType.Rejected);
        assertThat(changed.get()).isNull();
    }

    @Test
    void halEvseIds_fromEveryShapeOfTheProperty() {
        assertThat(ScrHalRestarter.evseIds(1)).containsExactly(1);
        assertThat(ScrHalRestarter.evseIds(new Integer[] { 1, 2 })).containsExactly(1, 2);
        assertThat(ScrHalRestarter.evseIds(new int[] { 2 })).containsExactly(2);
        assertThat(ScrHalRestarter.evseIds(List.of(3L))).containsExactly(3);
        assertThat(ScrHalRestarter.evseIds("4")).containsExactly(4);
        assertThat(ScrHalRestarter.evseIds(null)).isEmpty();
    }
}
