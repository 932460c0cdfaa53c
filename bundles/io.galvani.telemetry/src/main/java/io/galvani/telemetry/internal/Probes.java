package io.galvani.telemetry.internal;

import io.galvani.firmware.api.BundleSet;
import io.galvani.ocpp.api.LinkStatistics;
import io.galvani.ocpp.api.LinkStatus;
import io.galvani.outbox.api.OutboxStatus;

/**
 * What the telemetry thread reads from the station's optional services; null when the service is absent. Each
 * method must return quickly (they are in-memory getters of the services).
 */
interface Probes {
    LinkStatus linkStatus();

    LinkStatistics linkStatistics();

    OutboxStatus outbox();

    BundleSet firmware();
}
