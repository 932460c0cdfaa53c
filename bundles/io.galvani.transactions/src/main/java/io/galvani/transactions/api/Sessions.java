package io.galvani.transactions.api;

import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/** The sessions of every EVSE, provided by the transaction bundle. */
@ProviderType
public interface Sessions {

    /** One view per EVSE, ordered by EVSE id. */
    List<SessionView> sessions();

    Optional<SessionView> session(int evseId);
}
