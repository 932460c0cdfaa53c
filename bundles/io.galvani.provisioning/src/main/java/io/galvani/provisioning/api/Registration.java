package io.galvani.provisioning.api;

import java.time.Instant;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/** The station's registration with its CSMS. */
@ProviderType
public interface Registration {

    RegistrationStatus status();

    /** When the CSMS last accepted a BootNotification, if it has since start-up. */
    Optional<Instant> acceptedAt();

    /** The heartbeat interval in force, seconds. */
    int heartbeatIntervalSeconds();
}
