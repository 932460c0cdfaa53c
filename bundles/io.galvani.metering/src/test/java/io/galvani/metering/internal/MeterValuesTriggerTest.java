package io.galvani.metering.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.galvani.hal.api.DeviceStatus;
import io.galvani.hal.sim.testing.Configs;
import io.galvani.ocpp.model.messages.MeterValuesRequest;
import io.galvani.ocpp.model.messages.TriggerMessageRequest;
import io.galvani.ocpp.model.messages.TriggerMessageResponse;
import io.galvani.ocpp.model.types.EVSEType;
import io.galvani.ocpp.model.types.MeasurandEnumType;
import io.galvani.ocpp.model.types.MessageTriggerEnumType;
import io.galvani.ocpp.model.types.ReadingContextEnumType;
import io.galvani.ocpp.model.types.SampledValueType;
import io.galvani.ocpp.model.types.TriggerMessageStatusEnumType;
import io.galvani.ocpp.testing.OcppSchemas;

/** F06 TriggerMessage(MeterValues) through {@link MeteringComponent} (TC_F_11, TC_F_12). */
class MeterValuesTriggerTest {
    private static final Instant NOW = Instant.parse("2026-11-25T10:07:30.123Z");

    private final VirtualTime time = new VirtualTime(NOW);
    private final RecordingLink link = new RecordingLink();
    private final RecordingInboundCall call = new RecordingInboundCall();
    private final FakeMeter evse1 = new FakeMeter(1);
    private final FakeMeter evse2 = new FakeMeter(2);
    private final MeterRegistry registry = new MeterRegistry();
    private MeteringComponent metering;

    @AfterEach
    void stop() {
        metering.deactivate();
    }

    private void givenMetering(Map<String, ?> config, FakeMeter... meters) {
        metering = new MeteringComponent(link, time, registry, Configs.of(MeteringConfig.class, config),
                time.scheduler());
        for (FakeMeter m : meters) {
            registry.addMeter(m);
        }
        time.runDue();
    }

    private TriggerMessageResponse trigger(Integer evseId) {
        TriggerMessageRequest request = TriggerMessageRequest.of(MessageTriggerEnumType.MeterValues);
        return metering.trigger(evseId == null ? request : request.withEvse(EVSEType.of(evseId)), call);
    }

    private static List<MeasurandEnumType> measurands(MeterValuesRequest r) {
        return r.meterValue().get(0).sampledValue().stream().map(SampledValueType::measurand).toList();
    }

    @Test
    void servesMeterValuesOnly() {
        givenMetering(Map.of(), evse1);
        assertThat(metering.triggers()).containsExactly(MessageTriggerEnumType.MeterValues);
    }

    @Test
    void TC_F_11_specificEvse_acceptedThenSentAfterTheResponse() {
        givenMetering(Map.of(), evse1, evse2);

        TriggerMessageResponse response = trigger(2);

        assertThat(response.status()).isEqualTo(TriggerMessageStatusEnumType.Accepted);
        assertThat(link.calls).as("F06.FR.04: nothing before the response").isEmpty();
        call.responseWritten();
        assertThat(link.meterValues()).hasSize(1);
        MeterValuesRequest sent = link.meterValues().get(0);
        assertThat(sent.evseId()).isEqualTo(2);
        assertThat(sent.meterValue()).hasSize(1);
        assertThat(sent.meterValue().get(0).timestamp()).as("the station clock, now").isEqualTo(NOW);
        assertThat(sent.meterValue().get(0).sampledValue()).allSatisfy(
                v -> assertThat(v.context()).isEqualTo(ReadingContextEnumType.Trigger));
        assertThat(measurands(sent)).as("F06.FR.06: AlignedDataCtrlr.Measurands, default (C-40.4)").containsExactly(
                MeasurandEnumType.Energy_Active_Import_Register);
        OcppSchemas.assertValid(sent);
    }

    @Test
    void TC_F_12_allEvses_oneMeterValuesPerEvseWithAMeter() {
        FakeMeter main = new FakeMeter(0);
        givenMetering(Map.of(), evse2, evse1, main);

        assertThat(trigger(null).status()).isEqualTo(TriggerMessageStatusEnumType.Accepted);
        assertThat(link.calls).isEmpty();
        call.responseWritten();

        assertThat(link.meterValues()).extracting(MeterValuesRequest::evseId).containsExactly(0, 1, 2);
        assertThat(link.meterValues()).allSatisfy(r -> {
            assertThat(r.meterValue().get(0).sampledValue()).allSatisfy(
                    v -> assertThat(v.context()).isEqualTo(ReadingContextEnumType.Trigger));
            OcppSchemas.assertValid(r);
        });
    }

    @Test
    void F06_FR_06_usesTheAlignedMeasurandsInForceNow() {
        givenMetering(Map.of(), evse1);
        metering.modified(Configs.of(MeteringConfig.class, Map.of("alignedMeasurands", "Voltage,Current.Import,SoC")));

        trigger(1);
        call.responseWritten();

        assertThat(measurands(link.meterValues().get(0))).containsExactly(MeasurandEnumType.Voltage,
                MeasurandEnumType.Current_Import, MeasurandEnumType.SoC);
    }

    @Test
    void socIsOmittedWhenTheReadingHasNone() {
        givenMetering(Map.of("alignedMeasurands", "Energy.Active.Import.Register,SoC"),
                evse1.reading(5000, 0, 0, 0, null));
        trigger(1);
        call.responseWritten();
        assertThat(measurands(link.meterValues().get(0))).containsExactly(MeasurandEnumType.Energy_Active_Import_Register);
    }

    @Test
    void emptyAlignedMeasurandsReportTheEnergyRegister() {
        givenMetering(Map.of("alignedMeasurands", ""), evse1);
        trigger(1);
        call.responseWritten();
        assertThat(measurands(link.meterValues().get(0))).containsExactly(MeasurandEnumType.Energy_Active_Import_Register);
    }

    @Test
    void unknownEvseIsRejected() {
        givenMetering(Map.of(), evse1);

        TriggerMessageResponse response = trigger(7);

        assertThat(response.status()).isEqualTo(TriggerMessageStatusEnumType.Rejected);
        assertThat(response.statusInfo().reasonCode()).isEqualTo("UnknownEvse");
        assertThat(call.afterResponse).isEmpty();
        assertThat(link.calls).isEmpty();
    }

    @Test
    void evseZeroIsTheMainMeter() {
        givenMetering(Map.of(), evse1, new FakeMeter(0));
        assertThat(trigger(0).status()).isEqualTo(TriggerMessageStatusEnumType.Accepted);
        call.responseWritten();
        assertThat(link.meterValues()).extracting(MeterValuesRequest::evseId).containsExactly(0);
    }

    @Test
    void evseZeroWithoutMainMeterMeansTheWholeStation() {
        givenMetering(Map.of(), evse1, evse2);
        assertThat(trigger(0).status()).isEqualTo(TriggerMessageStatusEnumType.Accepted);
        call.responseWritten();
        assertThat(link.meterValues()).extracting(MeterValuesRequest::evseId).containsExactly(1, 2);
    }

    @Test
    void aStationWithoutMetersRejectsTheTriggerForAllEvses() {
        givenMetering(Map.of());
        TriggerMessageResponse response = trigger(null);
        assertThat(response.status()).isEqualTo(TriggerMessageStatusEnumType.Rejected);
        assertThat(response.statusInfo().reasonCode()).isEqualTo("NotFound");
    }

    @Test
    void F06_FR_10_onlyAcceptsWhatItCanSend() {
        givenMetering(Map.of(), evse1.status(DeviceStatus.faulted("CRC errors")), evse2);

        TriggerMessageResponse one = trigger(1);
        assertThat(one.status()).isEqualTo(TriggerMessageStatusEnumType.Rejected);
        assertThat(one.statusInfo().reasonCode()).isEqualTo("InternalError");

        assertThat(trigger(null).status()).as("EVSE 2 can be read").isEqualTo(TriggerMessageStatusEnumType.Accepted);
        call.responseWritten();
        assertThat(link.meterValues()).extracting(MeterValuesRequest::evseId).containsExactly(2);

        evse2.failing(new IllegalStateException("timeout"));
        assertThat(trigger(null).status()).isEqualTo(TriggerMessageStatusEnumType.Rejected);
    }

    @Test
    void triggerWorksWhileClockAlignedDataIsOff() {
        givenMetering(Map.of("alignedIntervalSeconds", 0, "alignedEnabled", false), evse1);
        assertThat(trigger(1).status()).isEqualTo(TriggerMessageStatusEnumType.Accepted);
        call.responseWritten();
        assertThat(link.meterValues()).hasSize(1);
    }
}
