package io.galvani.transactions.internal;

import java.time.Duration;
import java.util.Set;

/** The parsed, validated {@link TransactionsConfig}. */
record TxSettings(Set<TxPoint> startPoints, Set<TxPoint> stopPoints, Duration evConnectionTimeout,
        boolean stopTxOnInvalidId, int maxEnergyOnInvalidIdWh, Duration summary) {

    static final TxSettings DEFAULTS = new TxSettings(Set.of(TxPoint.PowerPathClosed),
            Set.of(TxPoint.EVConnected, TxPoint.Authorized), Duration.ofSeconds(120), true, 0, Duration.ofSeconds(30));

    /** @throws IllegalArgumentException naming the property and value that is wrong */
    static TxSettings of(TransactionsConfig c) {
        return new TxSettings(points("txStartPoint", c.txStartPoint(), false),
                points("txStopPoint", c.txStopPoint(), true),
                Duration.ofSeconds(positive("evConnectionTimeOutSeconds", c.evConnectionTimeOutSeconds())),
                c.stopTxOnInvalidId(),
                nonNegative("maxEnergyOnInvalidIdWh", c.maxEnergyOnInvalidIdWh()),
                Duration.ofSeconds(nonNegative("summarySeconds", c.summarySeconds())));
    }

    boolean startsAt(TxPoint p) {
        return startPoints.contains(p);
    }

    boolean stopsAt(TxPoint p) {
        return stopPoints.contains(p);
    }

    private static Set<TxPoint> points(String property, String value, boolean stop) {
        try {
            return TxPoint.parse(value, stop);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(property + " '" + value + "': " + e.getMessage(), e);
        }
    }

    private static int positive(String property, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(property + " must be at least 1, not " + value);
        }
        return value;
    }

    private static int nonNegative(String property, int value) {
        if (value < 0) {
            throw new IllegalArgumentException(property + " must not be negative, not " + value);
        }
        return value;
    }
}
