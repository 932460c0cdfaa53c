package io.galvani.supervisor.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import io.galvani.devicemodel.api.ComponentKey;
import io.galvani.ocpp.api.LinkStatus;
import io.galvani.ocpp.api.OcppLink;
import io.galvani.ocpp.model.OcppRequest;
import io.galvani.ocpp.model.OcppResponse;
import io.galvani.ocpp.model.messages.NotifyEventRequest;
import io.galvani.ocpp.model.types.EventDataType;
import io.galvani.ocpp.model.types.EventNotificationEnumType;
import io.galvani.ocpp.model.types.EventTriggerEnumType;
import io.galvani.ocpp.testing.OcppSchemas;

class FaultReporterTest {
    private static final ComponentKey METER = ComponentKey.of("ControlMetering").atEvse(1);
    private final List<OcppRequest<?>> sent = new CopyOnWriteArrayList<>();
    private final OcppLink link = new OcppLink() {
        @Override
        public <R extends OcppResponse> CompletionStage<R> call(OcppRequest<R> request) {
            sent.add(request);
            return new CompletableFuture<>();
        }

        @Override
        public LinkStatus status() {
            throw new UnsupportedOperationException();
        }

        @Override
        public void gateChanged() {
        }
    };
    private final FaultReporter reporter = new FaultReporter(null, () -> link,
            Clock.fixed(Instant.parse("2026-12-05T10:00:00Z"), ZoneOffset.UTC));

    @Test
    void faultAndClearingAreHardWiredNotificationsOnTheDevicesProblemVariable() {
        reporter.faulted("meter", METER, "ActivationFailed", "io.acme.meter: java.lang.IllegalStateException: "
                + "x".repeat(600));
        assertThat(reporter.anyOpen()).isTrue();
        reporter.cleared("meter", METER, "io.acme.meter active again");
        assertThat(reporter.anyOpen()).isFalse();

        assertThat(sent).hasSize(2);
        sent.forEach(OcppSchemas::assertValid);
        EventDataType fault = ((NotifyEventRequest) sent.get(0)).eventData().get(0);
        EventDataType clear = ((NotifyEventRequest) sent.get(1)).eventData().get(0);
        assertThat(((NotifyEventRequest) sent.get(0)).seqNo()).isZero();
        assertThat(fault.eventNotificationType()).isEqualTo(EventNotificationEnumType.HardWiredNotification);
        assertThat(fault.trigger()).isEqualTo(EventTriggerEnumType.Alerting);
        assertThat(fault.component().name()).isEqualTo("ControlMetering");
        assertThat(fault.component().evse().id()).isEqualTo(1);
        assertThat(fault.variable().name()).isEqualTo("Problem");
        assertThat(fault.actualValue()).isEqualTo("true");
        assertThat(fault.techInfo()).hasSize(500);
        assertThat(fault.cleared()).isNull();
        assertThat(clear.actualValue()).isEqualTo("false");
        assertThat(clear.cleared()).isTrue();
        assertThat(clear.cause()).isEqualTo(fault.eventId());
        assertThat(clear.eventId()).isNotEqualTo(fault.eventId());
    }

    @Test
    void clearingAnUnknownFaultSendsNothing() {
        reporter.cleared("never", METER, "x");
        assertThat(sent).isEmpty();
    }
}
