package io.galvani.outbox.internal;

import java.time.Instant;

import io.galvani.outbox.api.MessageKind;

/** A message about to be stored: action and OCPP JSON payload, already checked against the schema. */
record NewMessage(String action, String payload, MessageKind kind, Instant committedAt) {
}
