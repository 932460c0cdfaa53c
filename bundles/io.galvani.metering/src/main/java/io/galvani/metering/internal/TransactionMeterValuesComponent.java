package io.galvani.metering.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;

import io.galvani.hal.api.MeterReading;
import io.galvani.metering.api.TransactionMeterValues;
import io.galvani.metering.api.TransactionSample;
import io.galvani.ocpp.model.types.MeasurandEnumType;
import io.galvani.ocpp.model.types.MeterValueType;
import io.galvani.ocpp.model.types.ReadingContextEnumType;

/**
 * The meter values of TransactionEvents, for the transaction bundle: which measurands and which context
 * each {@link TransactionSample} kind takes (E02.FR.09/E01.FR.17 Transaction.Begin, J02.FR.11 Sample.Periodic,
 * E06.FR.11 Transaction.End, AlignedDataCtrlr.TxEndedMeasurands Sample.Clock, F06.FR.07 Trigger), read
 * through the shared {@link MeterRegistry} so the register is as monotonic here as in MeterValues.
 *
 * <p>Configured by the same PID as {@link MeteringComponent} (SampledDataCtrlr / AlignedDataCtrlr), applied
 * in {@link #modified}: a SetVariables reaches the next sample and the next interval read at once. Needs no
 * {@code TransactionControl}, so the transaction bundle may depend on this service without a reference cycle.
 * Thread-safe: the settings are one immutable snapshot, the meters are read under the registry's lock.
 */
@Component(configurationPid = MeteringComponent.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL,
        service = TransactionMeterValues.class)
public final class TransactionMeterValuesComponent implements TransactionMeterValues {

    /** What one kind of sample takes from the settings. */
    record Plan(boolean enabled, List<MeasurandEnumType> measurands, ReadingContextEnumType context) {
    }

    private final MeterRegistry meters;
    private volatile MeteringSettings settings;

    @Activate
    public TransactionMeterValuesComponent(@Reference MeterRegistry meters, MeteringConfig config) {
        this.meters = meters;
        this.settings = MeteringSettings.from(config);
    }

    @Modified
    void modified(MeteringConfig config) {
        settings = MeteringSettings.from(config);
    }

    static Plan plan(MeteringSettings s, TransactionSample kind) {
        return switch (kind) {
            case STARTED -> new Plan(s.sampledEnabled(), s.txStartedMeasurands(),
                    ReadingContextEnumType.Transaction_Begin);
            case UPDATED -> new Plan(s.sampledEnabled(), s.txUpdatedMeasurands(),
                    ReadingContextEnumType.Sample_Periodic);
            case ENDED_PERIODIC -> new Plan(s.sampledEnabled(), s.txEndedMeasurands(),
                    ReadingContextEnumType.Sample_Periodic);
            case ENDED -> new Plan(s.sampledEnabled(), s.txEndedMeasurands(), ReadingContextEnumType.Transaction_End);
            case ENDED_CLOCK -> new Plan(s.alignedEnabled(), s.alignedTxEndedMeasurands(),
                    ReadingContextEnumType.Sample_Clock);
            case TRIGGER -> new Plan(s.sampledEnabled(), s.txUpdatedMeasurands(), ReadingContextEnumType.Trigger);
        };
    }

    /**
     * Empty for an {@code evseId} below 1: a transaction whose EVSE is not known yet has no meter (E01.FR.17
     * moves its Transaction.Begin values to the Updated event when charging starts), and EVSE 0 is the
     * station's main meter, never that of a transaction (J02.FR.22).
     */
    @Override
    public Optional<MeterValueType> sample(int evseId, TransactionSample kind, Instant timestamp) {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(timestamp, "timestamp");
        Plan plan = plan(settings, kind);
        if (evseId < 1 || !plan.enabled() || plan.measurands().isEmpty()) {
            return Optional.empty();
        }
        return meters.read(evseId).flatMap(reading -> MeterSampler.meterValue(reading, plan.measurands(),
                plan.context(), evseId, timestamp));
    }

    @Override
    public Optional<MeterReading> reading(int evseId) {
        return evseId < 0 ? Optional.empty() : meters.read(evseId);
    }

    /** Zero also while SampledDataCtrlr.Enabled is false: there is nothing to send periodically then. */
    @Override
    public Duration txUpdatedInterval() {
        MeteringSettings s = settings;
        return seconds(s.sampledEnabled(), s.txUpdatedIntervalSeconds());
    }

    /** Zero also while SampledDataCtrlr.Enabled is false. */
    @Override
    public Duration txEndedInterval() {
        MeteringSettings s = settings;
        return seconds(s.sampledEnabled(), s.txEndedIntervalSeconds());
    }

    /** Zero also while AlignedDataCtrlr.Enabled is false. */
    @Override
    public Duration alignedTxEndedInterval() {
        MeteringSettings s = settings;
        return seconds(s.alignedEnabled(), s.alignedTxEndedIntervalSeconds());
    }

    private static Duration seconds(boolean enabled, int seconds) {
        return enabled ? Duration.ofSeconds(seconds) : Duration.ZERO;
    }
}
