package io.galvani.outbox.internal;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.osgi.framework.BundleContext;
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

import io.galvani.ocpp.api.OcppLink;
import io.galvani.ocpp.model.OcppResponse;
import io.galvani.outbox.api.Outbox;
import io.galvani.outbox.api.OutboxCommit;
import io.galvani.outbox.api.OutboxStatus;
import io.galvani.outbox.api.OutboxStorageException;

/**
 * The outbox service: opens {@code ${galvani.data.dir}/outbox/outbox.db} (else the bundle's data
 * area) and delivers through whichever {@link OcppLink} is registered. Immediate, so that what an
 * earlier run left queued is delivered even before a sender asks for the service. A store that
 * cannot be opened (written by a newer Galvani, in use, I/O error) stops the activation: no
 * service, and the file is left as it is.
 */
@Component(service = Outbox.class, immediate = true, configurationPid = OutboxConfig.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = OutboxConfig.class)
public final class OutboxComponent implements Outbox {
    private static final Logger logger = LoggerFactory.getLogger(OutboxComponent.class);
    static final String DATA_DIR_PROPERTY = "galvani.data.dir";
    private static final long STOP_TIMEOUT_MILLIS = 5000;

    private final ScheduledThreadPoolExecutor executor;
    private final OutboxService service;
    private final AutoCloseable subscription;

    @Activate
    public OutboxComponent(BundleContext context, OutboxConfig config, @Reference LinkSignal signal) {
        Path file = dataDir(context).resolve("outbox").resolve(SqliteStore.FILE_NAME);
        SqliteStore store;
        try {
            store = SqliteStore.open(file);
        } catch (OutboxStorageException e) {
            logger.error("Outbox not started: {}", e.getMessage());
            throw e;
        }
        this.executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "galvani-outbox");
            t.setDaemon(true);
            return t;
        });
        executor.setRemoveOnCancelPolicy(true);
        try {
            this.service = new OutboxService(store, executor, Clock.systemUTC(), System::nanoTime, Settings.from(config));
            this.subscription = signal.subscribe(service::linkConnected);
        } catch (RuntimeException e) {
            executor.shutdownNow();
            store.close();
            throw e;
        }
        service.start();
    }

    @Modified
    void modified(OutboxConfig config) {
        service.reconfigure(Settings.from(config));
    }

    @Deactivate
    void deactivate() {
        try {
            subscription.close();
        } catch (Exception e) {
            logger.debug("Unsubscribing failed: {}", e.toString());
        }
        service.stopDelivery();
        executor.shutdownNow();
        try {
            if (!executor.awaitTermination(STOP_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)) {
                logger.warn("Outbox delivery thread did not stop within {} ms", STOP_TIMEOUT_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        service.close();
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void setLink(OcppLink link) {
        service.linkBound(link);
    }

    void unsetLink(OcppLink link) {
        service.linkUnbound(link);
    }

    @Override
    public List<CompletionStage<OcppResponse>> commit(OutboxCommit commit) {
        return service.commit(commit);
    }

    @Override
    public Map<String, String> state(String namespace) {
        return service.state(namespace);
    }

    @Override
    public OutboxStatus status() {
        return service.status();
    }

    @Override
    public boolean queueAllMessages() {
        return service.queueAllMessages();
    }

    private static Path dataDir(BundleContext context) {
        String dir = context.getProperty(DATA_DIR_PROPERTY);
        return dir != null && !dir.isBlank() ? Path.of(dir) : context.getDataFile("").toPath();
    }
}
