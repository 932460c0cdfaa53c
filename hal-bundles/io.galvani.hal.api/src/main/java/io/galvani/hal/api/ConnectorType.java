package io.galvani.hal.api;

/**
 * Connector types, spelled as OCPP's ConnectorEnumType values (device model component
 * Connector.ConnectorType).
 */
public enum ConnectorType {
    cCCS1, cCCS2, cG105, cTesla, cType1, cType2, s309_1P_16A, s309_1P_32A, s309_3P_16A, s309_3P_32A, sBS1361,
    sCEE_7_7, sType2, sType3, Other1PhMax16A, Other1PhOver16A, Other3Ph, Pan, wInductive, wResonant, Undetermined,
    Unknown
}
