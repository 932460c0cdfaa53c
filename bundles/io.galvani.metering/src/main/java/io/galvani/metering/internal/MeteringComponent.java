package io.galvani.metering.internal;

import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.galvani.ocpp.api.InboundCall;
import io.galvani.ocpp.api.MessageTrigger;
import io.galvani.ocpp.api.OcppLink;
import io.galvani.outbox.api.Outbox;
import io.galvani.ocpp.model.messages.TriggerMessageRequest;
import io.galvani.ocpp.model.messages.TriggerMessageResponse;
import io.galvani.ocpp.model.types.MessageTriggerEnumType;
import io.galvani.station.api.StationClock;
import io.galvani.station.api.TransactionControl;

/**
 * Wires metering to the OCPP link, the station clock and the HAL's energy meters ({@link MeterRegistry}):
 * clock-aligned MeterValues ({@link AlignedMeterValues}) on a single scheduler thread of its own, and
 * TriggerMessage(MeterValues) ({@link MeterValuesTrigger}). SetVariables on SampledDataCtrlr and
 * AlignedDataCtrlr reaches this component as a change of its configuration ({@link #modified}) and applies
 * at once, without restart. The variables themselves are contributed by {@link MeteringVariables}.
 *
 * <p>{@link TransactionControl} is optional and dynamic (J01.FR.20): without it no transaction can run, so the
 * station counts as idle for AlignedDataCtrlr.SendDuringIdle. The transaction bundle that provides it takes its
 * meter values from {@link TransactionMeterValuesComponent}, not from here, so no reference cycle forms.
 */
@Component(configurationPid = MeteringComponent.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL,
        immediate = true, service = MessageTrigger.class)
@Designate(ocd = MeteringConfig.class)
public final class MeteringComponent implements MessageTrigger {
    private static final Logger logger = LoggerFactory.getLogger(MeteringComponent.class);

    /** Our configuration PID, also where the device model keeps SampledDataCtrlr and AlignedDataCtrlr. */
    static final String PID = "io.galvani.metering";
    static final Set<MessageTriggerEnumType> SERVED = Set.of(MessageTriggerEnumType.MeterValues);

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile TransactionControl transactions;

    /** Where clock-aligned values go when OCPPCommCtrlr.QueueAllMessages is true (C-21). */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile Outbox outbox;

    private final ScheduledExecutorService scheduler;
    private final AlignedMeterValues aligned;
    private final MeterValuesTrigger trigger;
    private volatile MeteringSettings settings;

    @Activate
    public MeteringComponent(@Reference OcppLink link, @Reference StationClock clock, @Reference MeterRegistry meters,
            MeteringConfig config) {
        this(link, clock, meters, config, newScheduler());
    }

    /** For tests: the scheduler comes from outside. */
    MeteringComponent(OcppLink link, StationClock clock, MeterRegistry meters, MeteringConfig config,
            ScheduledExecutorService scheduler) {
        this.scheduler = scheduler;
        MeterValuesSender sender = new MeterValuesSender(link, () -> outbox);
        this.settings = MeteringSettings.from(config);
        this.aligned = new AlignedMeterValues(scheduler, clock, meters, sender, this::transactionRunning);
        this.trigger = new MeterValuesTrigger(meters, clock, sender, () -> settings);
        MeteringSettings initial = settings;
        submit(() -> aligned.apply(initial));
    }

    private static ScheduledExecutorService newScheduler() {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "galvani-metering");
            t.setDaemon(true);
            return t;
        });
        executor.setRemoveOnCancelPolicy(true);
        return executor;
    }

    @Modified
    void modified(MeteringConfig config) {
        MeteringSettings updated = MeteringSettings.from(config);
        settings = updated;
        submit(() -> aligned.apply(updated));
    }

    @Deactivate
    void deactivate() {
        scheduler.shutdownNow();
    }

    /** The settings in force. */
    MeteringSettings settings() {
        return settings;
    }

    @Override
    public Set<MessageTriggerEnumType> triggers() {
        return SERVED;
    }

    @Override
    public TriggerMessageResponse trigger(TriggerMessageRequest request, InboundCall call) {
        return trigger.trigger(request, call);
    }

    private boolean transactionRunning() {
        TransactionControl tc = transactions;
        return tc != null && tc.active(0);
    }

    private void submit(Runnable task) {
        try {
            scheduler.execute(task);
        } catch (RejectedExecutionException e) {
            logger.debug("Metering stopped; configuration change dropped");
        }
    }
}
