package io.galvani.devicemodel.internal;

import java.nio.charset.StandardCharsets;

import io.galvani.ocpp.api.InboundCall;
import io.galvani.ocpp.api.OcppCallException;
import io.galvani.ocpp.model.OcppErrorCode;
import io.galvani.ocpp.model.OcppJson;

/**
 * The DeviceDataCtrlr ItemsPerMessage / BytesPerMessage checks of incoming requests (B05.FR.?,
 * B06.FR.16/17, B08.FR.17/18): too many items is an OccurrenceConstraintViolation, too many bytes a
 * FormatViolation. The byte count is that of the whole CALL frame as received.
 */
final class MessageLimits {

    private MessageLimits() {
    }

    static void check(String variable, int items, int maxItems, Object payload, InboundCall call, int maxBytes)
            throws OcppCallException {
        if (items > maxItems) {
            throw new OcppCallException(OcppErrorCode.OccurrenceConstraintViolation,
                    items + " items exceed DeviceDataCtrlr.ItemsPerMessage[" + variable + "] = " + maxItems);
        }
        // The transport counts the frame it received; only a link that does not count costs a serialisation.
        int bytes = call.messageBytes() >= 0 ? call.messageBytes()
                : OcppJson.write(payload).getBytes(StandardCharsets.UTF_8).length;
        if (bytes > maxBytes) {
            throw new OcppCallException(OcppErrorCode.FormatViolation,
                    bytes + " bytes exceed DeviceDataCtrlr.BytesPerMessage[" + variable + "] = " + maxBytes);
        }
    }
}
