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
 * still valid is accepted at once when LocalPreAuthorize is true (C10.FR.?), else Authorize goes to
 * the CSMS and its answer is cached (C10.FR.04–05); offline, a cached Accepted token is accepted when
 * LocalAuthorizeOffline is true, an unknown token when OfflineTxForUnknownIdEnabled is true, and
 * everything else is refused with status Unknown. Tokens of type NoAuthorization are accepted
 * without asking (C01.FR.?). Never completes exceptionally: failures become a refused result.
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
     * updated as for an AuthorizeResponse (C10.FR.05, C03).
     */
    void idTokenInfoReceived(IdTokenType idToken, IdTokenInfoType info);

    /** Whether the CSMS must authorize a RequestStartTransaction's idToken first (AuthCtrlr.AuthorizeRemoteStart). */
    boolean authorizeRemoteStart();
}
