package io.galvani.outbox.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import io.galvani.ocpp.model.OcppRequest;

/**
 * What one {@link Outbox#commit} stores atomically: messages to send, in order, and changes to the
 * sender's state. A state value of {@code null} removes the key.
 */
public final class OutboxCommit {

    /** One message to send. */
    public record Message(OcppRequest<?> request, MessageKind kind) {
        public Message {
            Objects.requireNonNull(request, "request");
            Objects.requireNonNull(kind, "kind");
        }
    }

    /** One state change: {@code value} null removes {@code key} from {@code namespace}. */
    public record StateChange(String namespace, String key, String value) {
        public StateChange {
            Objects.requireNonNull(namespace, "namespace");
            Objects.requireNonNull(key, "key");
        }
    }

    private final List<Message> messages;
    private final List<StateChange> stateChanges;

    private OutboxCommit(List<Message> messages, List<StateChange> stateChanges) {
        this.messages = List.copyOf(messages);
        this.stateChanges = List.copyOf(stateChanges);
    }

    public List<Message> messages() {
        return messages;
    }

    public List<StateChange> stateChanges() {
        return stateChanges;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A commit of one message and no state change. */
    public static OutboxCommit of(OcppRequest<?> request, MessageKind kind) {
        return builder().message(request, kind).build();
    }

    public static final class Builder {
        private final List<Message> messages = new ArrayList<>();
        private final List<StateChange> stateChanges = new ArrayList<>();

        private Builder() {
        }

        public Builder message(OcppRequest<?> request, MessageKind kind) {
            messages.add(new Message(request, kind));
            return this;
        }

        public Builder put(String namespace, String key, String value) {
            stateChanges.add(new StateChange(namespace, key, Objects.requireNonNull(value, "value")));
            return this;
        }

        public Builder remove(String namespace, String key) {
            stateChanges.add(new StateChange(namespace, key, null));
            return this;
        }

        public OutboxCommit build() {
            if (messages.isEmpty() && stateChanges.isEmpty()) {
                throw new IllegalStateException("an empty commit");
            }
            return new OutboxCommit(messages, stateChanges);
        }
    }
}
