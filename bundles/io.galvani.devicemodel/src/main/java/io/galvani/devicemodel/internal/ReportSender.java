package io.galvani.devicemodel.internal;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.galvani.ocpp.api.OcppLink;
import io.galvani.ocpp.model.OcppJson;
import io.galvani.ocpp.model.messages.NotifyReportRequest;
import io.galvani.ocpp.model.types.ReportDataType;

/**
 * Splits a report into NotifyReport messages of at most ItemsPerMessage[GetReport] entries and
 * BytesPerMessage[GetReport] bytes (whole CALL frame), numbered from seqNo 0 with tbc on all but
 * the last (B07.FR.03/04/10), and hands them to the link, which sends them in order.
 */
final class ReportSender {
    private static final Logger logger = LoggerFactory.getLogger(ReportSender.class);
    /**
     * Bytes of a NotifyReport CALL frame around its reportData entries: the frame, a 36-character
     * message id, the action, requestId, generatedAt, tbc and seqNo, with room to spare.
     */
    static final int FRAME_OVERHEAD = 200;

    private ReportSender() {
    }

    /** The report's messages; {@code entries} must not be empty. */
    static List<NotifyReportRequest> split(int requestId, Instant generatedAt, List<ReportDataType> entries,
            int maxItems, int maxBytes) {
        List<List<ReportDataType>> parts = new ArrayList<>();
        List<ReportDataType> current = new ArrayList<>();
        int bytes = FRAME_OVERHEAD;
        for (ReportDataType entry : entries) {
            int size = OcppJson.write(entry).getBytes(StandardCharsets.UTF_8).length + 1;
            if (!current.isEmpty() && (current.size() == maxItems || bytes + size > maxBytes)) {
                parts.add(current);
                current = new ArrayList<>();
                bytes = FRAME_OVERHEAD;
            }
            current.add(entry);
            bytes += size;
        }
        parts.add(current);
        List<NotifyReportRequest> messages = new ArrayList<>(parts.size());
        for (int seq = 0; seq < parts.size(); seq++) {
            boolean more = seq < parts.size() - 1;
            messages.add(new NotifyReportRequest(null, requestId, generatedAt, parts.get(seq), more,
                    seq));
        }
        return messages;
    }

    static void send(OcppLink link, List<NotifyReportRequest> messages) {
        for (NotifyReportRequest m : messages) {
            link.call(m).whenComplete((r, e) -> {
                if (e != null) {
                    logger.warn("NotifyReport {} part {} not delivered: {}", m.requestId(), m.seqNo(), e.toString());
                }
            });
        }
    }
}
