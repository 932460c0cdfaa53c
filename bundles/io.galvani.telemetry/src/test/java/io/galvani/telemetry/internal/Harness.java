package io.galvani.telemetry.internal;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import javax.net.ssl.SSLSocketFactory;

import io.galvani.firmware.api.BundleSet;
import io.galvani.ocpp.api.LinkStatistics;
import io.galvani.ocpp.api.LinkStatus;
import io.galvani.outbox.api.OutboxStatus;
import io.galvani.transactions.api.SessionPhase;
import io.galvani.transactions.api.SessionView;

/** Starts a {@link TelemetryPipeline} with settings as a configuration would give them and settable probes. */
final class Harness implements Probes, AutoCloseable {
    volatile LinkStatus link = new LinkStatus(true, "ws://csms.example/ocpp/ST-1", 1, Instant.EPOCH, 0, null);
    volatile LinkStatistics statistics = new LinkStatistics(Duration.ofMillis(12), Duration.ofMillis(10), 5, 2, 1, 0);
    volatile OutboxStatus outbox = new OutboxStatus(3, 1000, null, 10, 0, false);
    volatile BundleSet firmware = new BundleSet("1.2.3", List.of());

    final TelemetryPipeline pipeline;
    final TelemetryBuffer buffer;

    Harness(TelemetryConfig config, Path bufferFile) throws Exception {
        Settings settings = Settings.parse(config);
        SSLSocketFactory tls = settings.tls() ? TlsContext.socketFactory(settings) : null;
        buffer = TelemetryBuffer.open(bufferFile, settings.bufferCapacity());
        pipeline = new TelemetryPipeline(settings, tls, buffer, this, Clock.systemUTC());
        pipeline.start();
    }

    static SessionView session(int evse, SessionPhase phase, String tx, double energyWh, double powerW) {
        return new SessionView(evse, phase, tx, tx == null ? null : "Charging", "****F7E6",
                Instant.parse("2026-12-05T10:00:00Z"), Duration.ofMinutes(5), energyWh, powerW, 55.0, null,
                phase == SessionPhase.FINISHED ? "Local" : null);
    }

    @Override
    public LinkStatus linkStatus() {
        return link;
    }

    @Override
    public LinkStatistics linkStatistics() {
        return statistics;
    }

    @Override
    public OutboxStatus outbox() {
        return outbox;
    }

    @Override
    public BundleSet firmware() {
        return firmware;
    }

    @Override
    public void close() {
        pipeline.stop();
        buffer.close();
    }
}
