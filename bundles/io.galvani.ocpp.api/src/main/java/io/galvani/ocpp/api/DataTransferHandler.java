package io.galvani.ocpp.api;

import java.util.Set;

import org.osgi.annotation.versioning.ConsumerType;

import io.galvani.ocpp.model.messages.DataTransferRequest;
import io.galvani.ocpp.model.messages.DataTransferResponse;

/**
 * Whiteboard service through which a vendor bundle answers DataTransfer requests from the CSMS (P01)
 * for its own {@link #vendorId()}. A request for a vendorId no handler claims is answered
 * UnknownVendorId; one whose messageId none of that vendor's handlers lists is answered
 * UnknownMessageId. Called on the transport's inbound thread; same timing rules as
 * {@link OcppRequestHandler}.
 */
@ConsumerType
public interface DataTransferHandler {

    /** The vendorId this handler answers for (compared exactly, as the specification says). */
    String vendorId();

    /** The messageIds it answers; empty = it also answers requests without a messageId, and only those. */
    Set<String> messageIds();

    DataTransferResponse handle(DataTransferRequest request, InboundCall call) throws OcppCallException;
}
