package io.galvani.itest;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import io.galvani.csms.demo.Direction;
import io.galvani.csms.demo.Frame;

/**
 * The TransactionEvents a CSMS received from one single-EVSE station, per transaction, and the rules of a station
 * that loses nothing: every seqNo from 0 to the Ended event arrived, first in order; Started only at seqNo 0 and
 * Ended only once, at the end; a seqNo that came twice is an identical resend, and only after the connection was
 * interrupted (so that the station may not have had the answer); transactions arrive one after the other.
 */
final class EventLedger {

    /** One TransactionEvent CALL as it arrived. */
    record Event(Instant at, String transactionId, int seqNo, String eventType, JsonNode payload) {
        String triggerReason() {
            return payload.at("/triggerReason").asText();
        }

        String stoppedReason() {
            return payload.at("/transactionInfo/stoppedReason").asText(null);
        }
    }

    /**
     * The link was cut (station killed, connection dropped) from {@code from} (before the cut was made) to
     * {@code to} (after it was done).
     */
    record Interruption(Instant from, Instant to) {
        /** The CSMS may read a frame the station sent just before the cut a moment after it. */
        private static final java.time.Duration IN_TRANSIT = java.time.Duration.ofSeconds(1);

        /** Whether this interruption may have lost the answer to a frame received at {@code first}, resent at {@code again}. */
        boolean separates(Instant first, Instant again) {
            return first.isBefore(to.plus(IN_TRANSIT)) && again.isAfter(from);
        }
    }

    private final Map<String, List<Event>> byTransaction = new LinkedHashMap<>();
    private final List<Event> all = new ArrayList<>();

    static EventLedger of(List<Frame> frames) {
        EventLedger ledger = new EventLedger();
        for (Frame f : frames) {
            if (f.dir() == Direction.TO_CSMS && f.isCall() && "TransactionEvent".equals(f.action())) {
                JsonNode p = f.payload();
                Event e = new Event(f.at(), p.at("/transactionInfo/transactionId").asText(), p.at("/seqNo").asInt(),
                        p.at("/eventType").asText(), p);
                ledger.all.add(e);
                ledger.byTransaction.computeIfAbsent(e.transactionId(), id -> new ArrayList<>()).add(e);
            }
        }
        return ledger;
    }

    int transactions() {
        return byTransaction.size();
    }

    List<String> transactionIds() {
        return List.copyOf(byTransaction.keySet());
    }

    /** Events that arrived a second (or further) time. */
    int resends() {
        int distinct = 0;
        for (List<Event> events : byTransaction.values()) {
            distinct += (int) events.stream().mapToInt(Event::seqNo).distinct().count();
        }
        return all.size() - distinct;
    }

    /** The Ended event of a transaction (its first arrival), or {@code null}. */
    Event ended(String transactionId) {
        return byTransaction.getOrDefault(transactionId, List.of()).stream()
                .filter(e -> "Ended".equals(e.eventType())).findFirst().orElse(null);
    }

    long endedWith(String stoppedReason) {
        return byTransaction.keySet().stream().map(this::ended)
                .filter(e -> e != null && stoppedReason.equals(e.stoppedReason())).count();
    }

    /** Whether every transaction seen so far arrived whole, up to its Ended event. */
    boolean allEnded() {
        List<Interruption> any = List.of(new Interruption(Instant.MIN, Instant.MAX.minusSeconds(1)));
        return byTransaction.keySet().stream().allMatch(id -> ended(id) != null) && problems(any).isEmpty();
    }

    /**
     * Everything that breaks the rules; empty when the station lost nothing.
     *
     * @param interruptions when the link was cut (connection dropped, station killed): only across one may an event
     *                      come again
     */
    List<String> problems(List<Interruption> interruptions) {
        List<String> problems = new ArrayList<>();
        byTransaction.forEach((id, events) -> check(id, events, interruptions, problems));
        checkTransactionsDoNotInterleave(problems);
        return problems;
    }

    private static void check(String id, List<Event> events, List<Interruption> interruptions,
            List<String> problems) {
        Map<Integer, Event> first = new LinkedHashMap<>();
        for (Event e : events) {
            Event earlier = first.putIfAbsent(e.seqNo(), e);
            if (earlier == null) {
                continue;
            }
            if (!earlier.payload().equals(e.payload())) {
                problems.add(id + " seqNo " + e.seqNo() + " came twice with different content: " + earlier.payload()
                        + " / " + e.payload());
            }
            if (interruptions.stream().noneMatch(i -> i.separates(earlier.at(), e.at()))) {
                problems.add(id + " seqNo " + e.seqNo() + " was sent again at " + e.at()
                        + " without an interruption since its first sending at " + earlier.at());
            }
        }
        List<Integer> order = new ArrayList<>(first.keySet());
        for (int i = 0; i < order.size(); i++) {
            if (order.get(i) != i) {
                problems.add(id + " seqNos arrived as " + order + ": gap or out of order");
                break;
            }
        }
        first.forEach((seqNo, e) -> {
            if ("Started".equals(e.eventType()) != (seqNo == 0)) {
                problems.add(id + " seqNo " + seqNo + " is " + e.eventType() + " (Started is seqNo 0, and only it)");
            }
        });
        List<Integer> ends = first.values().stream().filter(e -> "Ended".equals(e.eventType())).map(Event::seqNo).toList();
        if (ends.size() > 1 || ends.size() == 1 && ends.get(0) != order.size() - 1) {
            problems.add(id + " Ended at seqNos " + ends + " of " + order.size() + " events");
        }
    }

    /** One EVSE: each transaction's events all arrive (first time) before the next transaction's Started. */
    private void checkTransactionsDoNotInterleave(List<String> problems) {
        String current = null;
        List<String> finished = new ArrayList<>();
        for (Event e : all) {
            if (e.transactionId().equals(current)) {
                continue;
            }
            boolean resend = byTransaction.get(e.transactionId()).stream()
                    .anyMatch(x -> x.seqNo() == e.seqNo() && x.at().isBefore(e.at()));
            if (resend) {
                continue;
            }
            if (finished.contains(e.transactionId())) {
                problems.add(e.transactionId() + " seqNo " + e.seqNo() + " arrived after transaction " + current
                        + " had begun");
            }
            if (current != null) {
                finished.add(current);
            }
            current = e.transactionId();
        }
    }

    /** A line for the test's output. */
    String summary() {
        Map<String, Long> stopped = new LinkedHashMap<>();
        for (String id : byTransaction.keySet()) {
            Event end = ended(id);
            stopped.merge(end == null ? "(not ended)" : end.stoppedReason() == null ? "Local" : end.stoppedReason(), 1L,
                    Long::sum);
        }
        return transactions() + " transactions, " + all.size() + " TransactionEvents (" + resends() + " resends), ended: "
                + stopped;
    }
}
