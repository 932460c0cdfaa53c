package io.galvani.transactions.api;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.Objects;

/**
 * The price of a session, as a tariff bundle computed it.
 *
 * @param amount   the amount, in {@code currency} (e.g. 4.32); never negative
 * @param currency the ISO 4217 currency
 * @since 1.2
 */
public record SessionCost(BigDecimal amount, Currency currency) {

    public SessionCost {
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(currency, "currency");
        if (amount.signum() < 0) {
            throw new IllegalArgumentException("a session cost cannot be negative: " + amount);
        }
    }

    /** For example {@code SessionCost.of("4.32", "EUR")}; an unknown currency code is an IllegalArgumentException. */
    public static SessionCost of(String amount, String currencyCode) {
        return new SessionCost(new BigDecimal(amount), Currency.getInstance(currencyCode));
    }
}
