package io.galvani.transactions.internal;

/**
 * @param ongoing         whether the transaction runs (meaningless without a transactionId)
 * @param messagesInQueue whether transaction messages wait for delivery
 */
public record TransactionStatus(boolean ongoing, boolean messagesInQueue) {
}
