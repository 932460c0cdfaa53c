package io.galvani.metering.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Supplier;

import io.galvani.hal.api.EnergyMeter;
import io.galvani.hal.api.MeterReading;
import io.galvani.ocpp.api.InboundCall;
import io.galvani.ocpp.model.messages.MeterValuesRequest;
import io.galvani.ocpp.model.messages.TriggerMessageRequest;
import io.galvani.ocpp.model.messages.TriggerMessageResponse;
import io.galvani.ocpp.model.types.EVSEType;
import io.galvani.ocpp.model.types.MeasurandEnumType;
import io.galvani.ocpp.model.types.MeterValueType;
import io.galvani.ocpp.model.types.ReadingContextEnumType;
import io.galvani.ocpp.model.types.StatusInfoType;
import io.galvani.ocpp.model.types.TriggerMessageStatusEnumType;
import io.galvani.station.api.StationClock;

/**
 * TriggerMessage(MeterValues) (F06.FR.06): the most recent measurements of AlignedDataCtrlr.Measurands,
 * context Trigger, for the given EVSE or, without {@code evse}, one MeterValuesRequest per EVSE with a meter
 * (F06.FR.11; the main meter, EVSE 0, included). {@code evse.id} 0 asks for the main meter; on a station
 * without one it means the station as a whole (as the TriggerMessage dispatcher reads it), i.e. every EVSE.
 *
 * <p>The meters are read when the request arrives (reading never blocks, per the HAL contract), so the
 * answer is only Accepted when there is something to send, and what was accepted is sent (F06.FR.10);
 * the requests go to the link after the response (F06.FR.04). Rejected: an {@code evse} without a meter
 * (UnknownEvse), a station without meters (NotFound), meters that cannot be read (InternalError). With
 * AlignedDataCtrlr.Measurands empty, Energy.Active.Import.Register is reported, the measurand a sampled
 * value defaults to.
 */
final class MeterValuesTrigger {
    static final List<MeasurandEnumType> FALLBACK = List.of(MeasurandEnumType.Energy_Active_Import_Register);

    private final MeterRegistry meters;
    private final StationClock clock;
    private final MeterValuesSender sender;
    private final Supplier<MeteringSettings> settings;

    MeterValuesTrigger(MeterRegistry meters, StationClock clock, MeterValuesSender sender,
            Supplier<MeteringSettings> settings) {
        this.meters = meters;
        this.clock = clock;
        this.sender = sender;
        this.settings = settings;
    }

    TriggerMessageResponse trigger(TriggerMessageRequest request, InboundCall call) {
        EVSEType evse = request.evse();
        SortedMap<Integer, EnergyMeter> selected;
        Optional<EnergyMeter> meter = evse == null ? Optional.empty() : meters.forEvse(evse.id());
        if (evse != null && (evse.id() != MeterSampler.MAIN_METER || meter.isPresent())) {
            if (meter.isEmpty()) {
                return rejected("UnknownEvse", "no energy meter on EVSE " + evse.id());
            }
            selected = new TreeMap<>(Map.of(evse.id(), meter.get()));
        } else {
            selected = meters.byEvse();
            if (selected.isEmpty()) {
                return rejected("NotFound", "the station has no energy meter");
            }
        }
        List<MeasurandEnumType> measurands = settings.get().alignedMeasurands();
        if (measurands.isEmpty()) {
            measurands = FALLBACK;
        }
        Instant now = clock.now();
        List<MeterValuesRequest> requests = new ArrayList<>();
        for (Map.Entry<Integer, EnergyMeter> e : selected.entrySet()) {
            int evseId = e.getKey();
            Optional<MeterReading> reading = meters.read(e.getValue(), evseId);
            if (reading.isEmpty()) {
                continue;
            }
            Optional<MeterValueType> value = MeterSampler.meterValue(reading.get(), measurands,
                    ReadingContextEnumType.Trigger, evseId, now);
            value.ifPresent(v -> requests.add(MeterValuesRequest.of(evseId, List.of(v))));
        }
        if (requests.isEmpty()) {
            return rejected("InternalError", "no meter values available from "
                    + (selected.size() == 1 ? "the energy meter of EVSE " + selected.firstKey() : "any energy meter"));
        }
        call.afterResponse(() -> requests.forEach(sender::sendTriggered));
        return TriggerMessageResponse.of(TriggerMessageStatusEnumType.Accepted);
    }

    private static TriggerMessageResponse rejected(String reasonCode, String detail) {
        return TriggerMessageResponse.of(TriggerMessageStatusEnumType.Rejected)
                .withStatusInfo(StatusInfoType.of(reasonCode).withAdditionalInfo(detail));
    }
}
