package io.galvani.hal.api;

/**
 * A token presented at a reader.
 *
 * @param idToken  the token's id as OCPP sends it (for ISO14443 the UID in hex, upper case)
 * @param type     OCPP IdTokenEnumType value: ISO14443, ISO15693, KeyCode, Local, MacAddress, ...
 * @param evseId   the EVSE the reader belongs to, or 0 for a station-wide reader
 */
public record PresentedToken(String idToken, String type, int evseId) {
}
