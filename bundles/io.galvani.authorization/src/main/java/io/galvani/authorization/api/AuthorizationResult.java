package io.galvani.authorization.api;

import java.util.Objects;

import io.galvani.ocpp.model.types.AuthorizationStatusEnumType;
import io.galvani.ocpp.model.types.IdTokenInfoType;

/**
 * An authorization decision.
 *
 * @param info    the idTokenInfo that decided (status, groupIdToken, expiry, personalMessage); for
 *                local decisions one made up by the station with the fitting status
 * @param source  where it came from
 * @param offline whether the station was offline when deciding (TransactionEvent offline flag)
 */
public record AuthorizationResult(IdTokenInfoType info, AuthorizationSource source, boolean offline) {

    public AuthorizationResult {
        Objects.requireNonNull(info, "info");
        Objects.requireNonNull(source, "source");
    }

    public boolean accepted() {
        return info.status() == AuthorizationStatusEnumType.Accepted;
    }

    public AuthorizationStatusEnumType status() {
        return info.status();
    }
}
