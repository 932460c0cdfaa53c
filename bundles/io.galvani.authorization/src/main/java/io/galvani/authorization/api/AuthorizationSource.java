package io.galvani.authorization.api;

/** Where an authorization decision came from. */
public enum AuthorizationSource {
    /** The CSMS answered an AuthorizeRequest. */
    CSMS,
    /** The Authorization Cache (online with LocalPreAuthorize, or offline with LocalAuthorizeOffline). */
    CACHE,
    /** Offline and unknown, accepted because OfflineTxForUnknownIdEnabled is true. */
    OFFLINE_UNKNOWN,
    /** No authorization needed: AuthCtrlr.Enabled is false, or the token type is NoAuthorization. */
    NOT_REQUIRED,
    /** Refused without a decision by the CSMS (offline and not allowed locally, or the request failed). */
    LOCAL_REFUSAL
}
