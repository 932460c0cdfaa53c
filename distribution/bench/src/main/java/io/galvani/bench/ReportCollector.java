package io.galvani.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import com.fasterxml.jackson.databind.JsonNode;

import io.galvani.csms.demo.CallResponder;
import io.galvani.csms.demo.Reply;

/**
 * Answers the station's NotifyReport CALLs (with {@code {}}, as the default script does) and times the report that
 * is being waited for: the moment its part with {@code tbc=false} arrives, on the Jetty thread that read it.
 */
final class ReportCollector implements CallResponder {

    /** One complete report: when its last part arrived, how many parts and entries it had. */
    record Report(long lastPartNanos, int parts, int entries, List<JsonNode> reportData) {
    }

    private int requestId = Integer.MIN_VALUE;
    private int parts;
    private int entries;
    private int nextSeqNo;
    private String outOfOrder;
    private List<JsonNode> data;
    private CompletableFuture<Report> done;

    /** From now on, collect the report with this requestId; {@code keepData} keeps its reportData entries. */
    synchronized CompletableFuture<Report> expect(int id, boolean keepData) {
        requestId = id;
        parts = 0;
        entries = 0;
        nextSeqNo = 0;
        outOfOrder = null;
        data = keepData ? new ArrayList<>() : null;
        done = new CompletableFuture<>();
        return done;
    }

    @Override
    public Reply respond(String stationId, String messageId, JsonNode payload) {
        long now = System.nanoTime();
        synchronized (this) {
            if (done != null && !done.isDone() && payload.path("requestId").asInt(Integer.MIN_VALUE) == requestId) {
                int seqNo = payload.path("seqNo").asInt(-1);
                if (seqNo != nextSeqNo && outOfOrder == null) {
                    outOfOrder = "NotifyReport requestId " + requestId + ": seqNo " + seqNo + " where " + nextSeqNo
                            + " was expected";
                }
                nextSeqNo = seqNo + 1;
                parts++;
                JsonNode reportData = payload.path("reportData");
                entries += reportData.size();
                if (data != null) {
                    reportData.forEach(data::add);
                }
                if (!payload.path("tbc").asBoolean(false)) {
                    if (outOfOrder != null) {
                        done.completeExceptionally(new BenchFailure(outOfOrder));
                    } else {
                        done.complete(new Report(now, parts, entries, data == null ? List.of() : List.copyOf(data)));
                    }
                }
            }
        }
        return Reply.empty();
    }
}
