package io.galvani.hal.sim.api;

import org.osgi.annotation.versioning.ProviderType;

/** Presents a token at a simulated reader. Registered with the reader's {@code hal.evse.id}. */
@ProviderType
public interface TokenSimulator {

    /** The OCPP 2.0.1 IdTokenEnumType values. */
    java.util.Set<String> ID_TOKEN_TYPES = java.util.Set.of("Central", "eMAID", "ISO14443", "ISO15693", "KeyCode",
            "Local", "MacAddress", "NoAuthorization");

    /** Longest idToken OCPP 2.0.1 allows (IdTokenType.idToken, maxLength 36). */
    int MAX_ID_TOKEN_LENGTH = 36;

    /**
     * Presents {@code idToken} as if a card was held to the reader; the reader's TokenListeners are
     * told on the reader's thread.
     *
     * @param idToken the token id, at most 36 characters (empty only for NoAuthorization)
     * @param type    an OCPP IdTokenEnumType value the reader reads (e.g. ISO14443)
     * @param evseId  the EVSE the token is presented at: the reader's EVSE, or any EVSE (>= 0) for a
     *                station-wide reader (evse 0)
     * @throws IllegalArgumentException with a message naming the offending value if any argument is invalid
     */
    void present(String idToken, String type, int evseId);
}
