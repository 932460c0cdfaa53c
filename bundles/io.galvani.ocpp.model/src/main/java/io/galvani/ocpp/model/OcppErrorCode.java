package io.galvani.ocpp.model;

/** CALLERROR error codes of OCPP-J 2.0.1 (Part 4, table "Valid Error Codes"). */
public enum OcppErrorCode {
    /** Payload for the action is syntactically incorrect. */
    FormatViolation,
    /** Any other error not covered by the more specific codes. */
    GenericError,
    /** The receiver failed internally while processing the action. */
    InternalError,
    /** The message type number is not supported by this implementation. */
    MessageTypeNotSupported,
    /** The requested action is not known by the receiver. */
    NotImplemented,
    /** The requested action is recognized but not supported by the receiver. */
    NotSupported,
    /** At least one field violates occurrence constraints (required, minItems, maxItems). */
    OccurrenceConstraintViolation,
    /** At least one field contains an invalid value (enumeration, maxLength, range). */
    PropertyConstraintViolation,
    /** The payload does not conform to the PDU structure. */
    ProtocolError,
    /** The content is not a valid RPC request, e.g. the message id could not be read. */
    RpcFrameworkError,
    /** A security issue prevented the receiver from completing the action. */
    SecurityError,
    /** At least one field violates data type constraints, e.g. {@code "somestring": 12}. */
    TypeConstraintViolation
}
