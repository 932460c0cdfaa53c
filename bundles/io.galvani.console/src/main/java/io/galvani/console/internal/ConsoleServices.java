package io.galvani.console.internal;

import java.util.List;
import java.util.Optional;

import io.galvani.devicemodel.api.DeviceModel;
import io.galvani.hal.sim.api.EvSimulator;
import io.galvani.hal.sim.api.TokenSimulator;
import io.galvani.ocpp.api.OcppLink;
import io.galvani.outbox.api.OutboxStatus;
import io.galvani.provisioning.api.Registration;
import io.galvani.security.api.SecurityEvents;
import io.galvani.station.api.Station;
import io.galvani.transactions.api.Sessions;

/** What the console's endpoints need from the station; a service whose bundle does not run is empty. */
interface ConsoleServices {

    String stationId();

    Optional<Station> station();

    Optional<Sessions> sessions();

    Optional<OcppLink> link();

    Optional<Registration> registration();

    Optional<OutboxStatus> outbox();

    Optional<DeviceModel> deviceModel();

    Optional<SecurityEvents> securityEvents();

    /** The version of the installed bundle set; empty without a firmware installer. */
    Optional<String> firmwareVersion();

    /** The framework's bundles, ordered by id; empty without a framework (tests). */
    List<BundleRow> bundles();

    /** The simulated EVs, one per connector; empty on real hardware. */
    List<EvSimulator> evSimulators();

    /** The simulated reader for {@code evseId}, else the station-wide one (evse 0); empty on real hardware. */
    Optional<TokenSimulator> tokenSimulator(int evseId);

    /** One bundle as the bundles panel shows it. */
    record BundleRow(long id, String symbolicName, String version, String state, int startLevel, boolean fragment) {
    }
}
