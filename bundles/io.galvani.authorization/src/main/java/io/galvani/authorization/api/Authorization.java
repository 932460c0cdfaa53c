package io.galvani.authorization.api;

import java.util.concurrent.CompletionStage;

import org.osgi.annotation.versioning.ProviderType;

import io.galvani.ocpp.model.types.IdTokenInfoType;
import io.galvani.ocpp.model.types.IdTokenType;

/**
 * The station's authorization of idTokens, configured by the AuthCtrlr and AuthCacheCtrlr device-model
 * components. Provided by the authorization bundle; the transaction bundle asks it before starting or
 * stopping a transaction for a token.
 *
 * <p>Rules it applies (OCPP 2.0.1): AuthCtrlr.Enabled false accepts every token without asking
 * (source {@link AuthorizationSource#NOT_REQUIRED}); online, a token the cache holds as Accepted and
 * still valid is accepted at once when LocalPreAuthorize is true (C12.FR.02, C01.FR.05), else Authorize goes to
 * the CSMS and its answer is cached (C01.FR.02, C10.FR.04); offline, a cached Accepted token is accepted when
 * LocalAuthorizeOffline is true, an unknown token when OfflineTxForUnknownIdEnabled is true (C15.FR.08), a
 * token the cache holds with another status is refused with that status, and everything else is refused
 * with status Unknown. No answer from the CSMS in time, a lost connection or a CALLERROR count as offline.
 * Tokens of type NoAuthorization (C02.FR.01) or Central (C03.FR.01, C05.FR.01) are accepted without asking
 * and never cached. Never completes exceptionally: failures become a refused result.
 */
@ProviderType
public interface Authorization {

    /**
     * Decides whether {@code idToken} may charge on {@code evseId} (0 = not yet known).
     *
     * @return completes (on any thread) with the decision
     */
    CompletionStage<AuthorizationResult> authorize(IdTokenType idToken, int evseId);

    /**
     * Reports the idTokenInfo the CSMS returned in a TransactionEventResponse, so that the cache is
     * updated as for an AuthorizeResponse (C10.FR.05, C12.FR.06); ignored for NoAuthorization and Central
     * tokens (C02.FR.03, C05.FR.02).
     */
    void idTokenInfoReceived(IdTokenType idToken, IdTokenInfoType info);

    /** Whether the CSMS must authorize a RequestStartTransaction's idToken first (AuthCtrlr.AuthorizeRemoteStart). */
    boolean authorizeRemoteStart();
}
