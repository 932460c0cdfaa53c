package io.galvani.supervisor.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
import io.galvani.outbox.api.MessageKind;
import io.galvani.outbox.api.Outbox;
import io.galvani.outbox.api.OutboxCommit;
import io.galvani.outbox.api.OutboxFullException;
import io.galvani.outbox.api.OutboxStatus;

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
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-05T10:00:00Z"), ZoneOffset.UTC);
    private final List<OutboxCommit> committed = new CopyOnWriteArrayList<>();
    private volatile RuntimeException outboxFailure;
    private final Outbox outbox = new Outbox() {
        @Override
        public List<CompletionStage<OcppResponse>> commit(OutboxCommit commit) {
            if (outboxFailure != null) {
                throw outboxFailure;
            }
            committed.add(commit);
            return List.of(new CompletableFuture<>());
        }

        @Override
        public Map<String, String> state(String namespace) {
            return Map.of();
        }

        @Override
        public OutboxStatus status() {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean queueAllMessages() {
            return false;
        }
    };
    private volatile Outbox boundOutbox;
    @TempDir
    Path data;
    private final FaultReporter reporter = new FaultReporter(null, () -> link, () -> boundOutbox,
            new EventIds(null, CLOCK), CLOCK);

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
    void withAnOutboxTheEventsAreCommittedToItNotHandedToTheLink() {
        boundOutbox = outbox;
        reporter.faulted("meter", METER, "ActivationFailed", "io.acme.meter: boom");
        reporter.cleared("meter", METER, "io.acme.meter active again");

        assertThat(sent).isEmpty();
        assertThat(committed).hasSize(2);
        List<NotifyEventRequest> requests = committed.stream().map(c -> {
            assertThat(c.messages()).hasSize(1);
            assertThat(c.messages().get(0).kind()).isEqualTo(MessageKind.OTHER);
            return (NotifyEventRequest) c.messages().get(0).request();
        }).toList();
        requests.forEach(OcppSchemas::assertValid);
        assertThat(requests.get(0).eventData().get(0).actualValue()).isEqualTo("true");
        assertThat(requests.get(1).eventData().get(0).cause()).isEqualTo(requests.get(0).eventData().get(0).eventId());
    }

    @Test
    void anOutboxThatRefusesLeavesTheEventToTheLink() {
        boundOutbox = outbox;
        outboxFailure = new OutboxFullException("full");
        reporter.faulted("meter", METER, "ActivationFailed", "io.acme.meter: boom");

        assertThat(committed).isEmpty();
        assertThat(sent).hasSize(1);
        OcppSchemas.assertValid(sent.get(0));
    }

    @Test
    void eventIdsOfARunAfterARestartNeverRepeatThoseOfTheRunBefore() {
        Path file = data.resolve("event-ids");
        FaultReporter first = new FaultReporter(null, () -> link, () -> outbox, new EventIds(file, CLOCK), CLOCK);
        for (int i = 0; i < EventIds.BLOCK + 5; i++) { // crosses into a second reserved block
            first.faulted("k" + i, METER, "ActivationFailed", "x");
        }
        // a restart with the clock where it was (no battery-backed clock): the clock seed used to repeat here
        FaultReporter second = new FaultReporter(null, () -> link, () -> outbox, new EventIds(file, CLOCK), CLOCK);
        second.faulted("again", METER, "ActivationFailed", "x");

        List<Integer> ids = committed.stream()
                .map(c -> ((NotifyEventRequest) c.messages().get(0).request()).eventData().get(0).eventId()).toList();
        assertThat(ids).hasSize(EventIds.BLOCK + 6).doesNotHaveDuplicates();
        assertThat(ids.get(ids.size() - 1)).isGreaterThan(ids.get(ids.size() - 2));
    }

    @Test
    void anUnreadableBoundFallsBackToTheClockAndIsRewritten() throws Exception {
        Path file = data.resolve("event-ids");
        Files.writeString(file, "garbage");
        EventIds ids = new EventIds(file, CLOCK);
        int id = ids.next();
        assertThat(id).isEqualTo((int) (CLOCK.millis() / 1000 % 1_000_000_000));
        assertThat(Files.readString(file)).isEqualTo(Integer.toString(id + EventIds.BLOCK));
        assertThat(new EventIds(file, CLOCK).next()).isEqualTo(id + EventIds.BLOCK);
    }

    @Test
    void clearingAnUnknownFaultSendsNothing() {
        reporter.cleared("never", METER, "x");
        assertThat(sent).isEmpty();
    }
}
