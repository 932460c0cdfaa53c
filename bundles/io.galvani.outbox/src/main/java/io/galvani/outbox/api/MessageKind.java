package io.galvani.outbox.api;

/** How the outbox treats a message when retrying and when the store fills up. */
public enum MessageKind {
    /** A transaction message that must never be thinned: TransactionEvent Started and Ended (and any with an idToken). */
    TRANSACTION,
    /** A transaction message that may be thinned when the store is full: TransactionEvent Updated with meter values only (J02.FR.12). */
    DROPPABLE,
    /** Any other message queued because OCPPCommCtrlr.QueueAllMessages is true (C-21). */
    OTHER
}
