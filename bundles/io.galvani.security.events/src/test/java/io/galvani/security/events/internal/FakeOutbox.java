package io.galvani.security.events.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;

import io.galvani.ocpp.model.OcppResponse;
import io.galvani.ocpp.model.messages.SecurityEventNotificationRequest;
import io.galvani.ocpp.testing.OcppSchemas;
import io.galvani.outbox.api.MessageKind;
import io.galvani.outbox.api.Outbox;
import io.galvani.outbox.api.OutboxCommit;
import io.galvani.outbox.api.OutboxFullException;
import io.galvani.outbox.api.OutboxStatus;

/**
 * An outbox that keeps what is committed, atomically as the real one: messages and state changes together,
 * or nothing. Every request is checked against the official JSON schema, as the real outbox checks it
 * against the model. Its state survives a "restart" of the security events when the same instance is bound
 * again; a new instance is a new (empty) outbox database.
 */
final class FakeOutbox implements Outbox {
    final List<OutboxCommit> commits = new CopyOnWriteArrayList<>();
    final Map<String, Map<String, String>> state = new HashMap<>();
    volatile boolean full;
    /** A type the (real) outbox would refuse as breaking its schema; null = none. */
    volatile String invalidType;

    @Override
    public synchronized List<CompletionStage<OcppResponse>> commit(OutboxCommit commit) {
        if (full) {
            throw new OutboxFullException("full (test)");
        }
        List<CompletionStage<OcppResponse>> stages = new ArrayList<>();
        for (OutboxCommit.Message m : commit.messages()) {
            if (m.request() instanceof SecurityEventNotificationRequest r && r.type().equals(invalidType)) {
                throw new IllegalArgumentException("SecurityEventNotificationRequest breaks its schema (test)");
            }
            OcppSchemas.assertValid(m.request());
            stages.add(new CompletableFuture<>());
        }
        for (OutboxCommit.StateChange c : commit.stateChanges()) {
            Map<String, String> ns = state.computeIfAbsent(c.namespace(), k -> new HashMap<>());
            if (c.value() == null) {
                ns.remove(c.key());
            } else {
                ns.put(c.key(), c.value());
            }
        }
        commits.add(commit);
        return stages;
    }

    @Override
    public synchronized Map<String, String> state(String namespace) {
        return Map.copyOf(state.getOrDefault(namespace, Map.of()));
    }

    @Override
    public OutboxStatus status() {
        return new OutboxStatus(sent().size(), 1000, null, 0, 0, false);
    }

    @Override
    public boolean queueAllMessages() {
        return false;
    }

    /** Every SecurityEventNotification committed, in order. */
    List<SecurityEventNotificationRequest> sent() {
        List<SecurityEventNotificationRequest> all = new ArrayList<>();
        for (OutboxCommit c : commits) {
            for (OutboxCommit.Message m : c.messages()) {
                if (m.kind() != MessageKind.OTHER) {
                    throw new AssertionError("security events are MessageKind.OTHER, not " + m.kind());
                }
                all.add((SecurityEventNotificationRequest) m.request());
            }
        }
        return all;
    }

    /** The types sent, in order. */
    List<String> sentTypes() {
        return sent().stream().map(SecurityEventNotificationRequest::type).toList();
    }
}
