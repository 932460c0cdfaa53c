package io.galvani.transactions.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import io.galvani.hal.api.CabinetPhase;
import io.galvani.ocpp.model.messages.TransactionEventRequest;
import io.galvani.ocpp.model.messages.TransactionEventResponse;
import io.galvani.ocpp.model.types.AuthorizationStatusEnumType;
import io.galvani.ocpp.model.types.IdTokenEnumType;
import io.galvani.ocpp.model.types.IdTokenInfoType;
import io.galvani.ocpp.model.types.IdTokenType;
import io.galvani.ocpp.model.types.TransactionEventEnumType;
import io.galvani.ocpp.testing.OcppSchemas;
import io.galvani.transactions.api.SessionPhase;

/**
 * Given/when/then vocabulary for {@link EvseSession} tests on EVSE 1, and the invariants every scenario
 * must keep: each stored TransactionEvent is valid for the official schema, each transaction's seqNo runs
 * 0, 1, 2… without a gap, it has one Started first and at most one Ended last, and the stored record
 * always says which seqNo comes next.
 */
abstract class SessionTestBase {
    static final double RATED_W = 480_000;
    static final IdTokenType CARD = IdTokenType.of("04A2B3C4D5E6F7", IdTokenEnumType.ISO14443);
    /** Another card of {@link #CARD}'s fleet (same groupIdToken). */
    static final IdTokenType COLLEAGUE = IdTokenType.of("04AABBCCDD0011", IdTokenEnumType.ISO14443);
    /** A valid card of another fleet. */
    static final IdTokenType STRANGER = IdTokenType.of("0499887766554433", IdTokenEnumType.ISO14443);
    static final IdTokenType FLEET = IdTokenType.of("FLEET-ACME", IdTokenEnumType.Central);
    static final IdTokenType OTHER_FLEET = IdTokenType.of("FLEET-OTHER", IdTokenEnumType.Central);
    static final IdTokenType APP_USER = IdTokenType.of("c0ffee00-1111-2222-3333-444455556666",
            IdTokenEnumType.Central);

    final FakeEffects fx = new FakeEffects();
    final EvseSession session = new EvseSession(1, fx);

    @BeforeEach
    void cards() {
        fx.card(CARD, AuthorizationStatusEnumType.Accepted, FLEET);
        fx.card(COLLEAGUE, AuthorizationStatusEnumType.Accepted, FLEET);
        fx.card(STRANGER, AuthorizationStatusEnumType.Accepted, OTHER_FLEET);
        fx.card(APP_USER, AuthorizationStatusEnumType.Accepted, null);
    }

    // ---- given / when ----

    void plugIn() {
        session.cableChanged(1, true);
        fx.runDue();
    }

    void unplug() {
        session.cableChanged(1, false);
        fx.runDue();
    }

    void present(IdTokenType card) {
        session.tokenPresented(card);
        fx.runDue();
    }

    void cabinet(CabinetPhase phase, double powerW, double limitW) {
        fx.meterPowerW = powerW;
        session.cabinetChanged(phase, powerW, limitW, null);
        fx.runDue();
    }

    void cableCheck() {
        assertThat(fx.commands).as("the power path was asked to close").contains("start");
        cabinet(CabinetPhase.CABLE_CHECK, 0, RATED_W);
    }

    void preCharge() {
        cabinet(CabinetPhase.PRE_CHARGE, 0, RATED_W);
    }

    /** The cabinet reports energy flowing at {@code kW}. */
    void charging(double kW) {
        cabinet(CabinetPhase.CHARGING, kW * 1000, RATED_W);
    }

    /** Cable check, pre-charge and 150 kW. */
    void powerPathCloses() {
        cableCheck();
        preCharge();
        charging(150);
    }

    /** The cabinet follows a stop command: current down, contactors open. */
    void cabinetStops() {
        cabinet(CabinetPhase.STOPPING, 0, RATED_W);
        cabinet(CabinetPhase.IDLE, 0, RATED_W);
    }

    void fault(String text) {
        fx.meterPowerW = 0;
        session.cabinetChanged(CabinetPhase.FAULTED, 0, RATED_W, text);
        fx.runDue();
    }

    void evWantsEnergy(boolean wants) {
        session.evChanged(wants);
        fx.runDue();
    }

    void delivered(double kWh) {
        fx.energyWh += kWh * 1000;
    }

    void advance(Duration d) {
        fx.advance(d);
    }

    /** The CSMS answers the last event with idTokenInfo {@code status}. */
    void csmsAnswersLast(AuthorizationStatusEnumType status) {
        fx.respond(fx.emitted.size() - 1, TransactionEventResponse.of().withIdTokenInfo(IdTokenInfoType.of(status)));
    }

    /** Card first (E03) with the default start point: the transaction runs and energy flows. */
    void chargingWithCardFirst() {
        present(CARD);
        plugIn();
        powerPathCloses();
        assertThat(session.hasTransaction()).isTrue();
    }

    // ---- then ----

    List<TransactionEventRequest> events() {
        return fx.events();
    }

    TransactionEventRequest lastEvent() {
        List<TransactionEventRequest> all = events();
        assertThat(all).as("events").isNotEmpty();
        return all.get(all.size() - 1);
    }

    TransactionEventRequest event(int index) {
        return events().get(index);
    }

    SessionPhase phase() {
        return fx.view().phase();
    }

    /** The phases shown, each change once. */
    List<SessionPhase> phasesShown() {
        List<SessionPhase> shown = new ArrayList<>();
        fx.views.forEach(v -> {
            if (shown.isEmpty() || shown.get(shown.size() - 1) != v.phase()) {
                shown.add(v.phase());
            }
        });
        return shown;
    }

    String lastCommand() {
        return fx.commands.isEmpty() ? null : fx.commands.get(fx.commands.size() - 1);
    }

    /** Whether the last power-path command closes the path (start) rather than opening it. */
    boolean powerWanted() {
        return fx.commands.stream().filter(c -> c.equals("start") || c.equals("stop"))
                .reduce((a, b) -> b).map("start"::equals).orElse(false);
    }

    @AfterEach
    void everyEventValidAndInSequence() {
        Map<String, List<TransactionEventRequest>> byTransaction = new LinkedHashMap<>();
        for (TransactionEventRequest e : events()) {
            OcppSchemas.assertValid(e);
            byTransaction.computeIfAbsent(e.transactionInfo().transactionId(), k -> new ArrayList<>()).add(e);
        }
        byTransaction.forEach((id, list) -> {
            for (int i = 0; i < list.size(); i++) {
                TransactionEventRequest e = list.get(i);
                assertThat(e.seqNo()).as("seqNo of event %d of %s", i, id).isEqualTo(i);
                assertThat(e.eventType() == TransactionEventEnumType.Started).as("Started first only (%s #%d)", id, i)
                        .isEqualTo(i == 0);
                if (e.eventType() == TransactionEventEnumType.Ended) {
                    assertThat(i).as("Ended is the last event of %s", id).isEqualTo(list.size() - 1);
                }
                if (i > 0) {
                    assertThat(e.timestamp()).isAfterOrEqualTo(list.get(i - 1).timestamp());
                }
            }
        });
        fx.stored.keySet().forEach(evse -> fx.storedRecord(evse).ifPresent(r -> assertThat(r.nextSeqNo)
                .as("stored nextSeqNo of %s", r.transactionId)
                .isEqualTo(byTransaction.getOrDefault(r.transactionId, List.of()).size())));
        session.close();
        assertThat(fx.scheduler.pending()).as("timers left after close").isZero();
    }
}
