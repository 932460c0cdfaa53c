package io.galvani.display.internal;

import java.math.RoundingMode;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.Duration;
import java.util.Locale;

import io.galvani.transactions.api.SessionCost;

/**
 * How numbers and times look on the screen. Pure functions; the locale gives the decimal separator
 * (12.34 in English, 12,34 in German). Callers pass finite values only (see {@link #known}).
 */
final class Formats {

    private Formats() {
    }

    /** Whether a measured value can be shown: present and finite. */
    static boolean known(Double value) {
        return value != null && Double.isFinite(value);
    }

    /** Energy in kWh: two decimals below 100 kWh, one above ("12.34 kWh", "123.4 kWh"). */
    static String energy(double wh, Locale locale) {
        double kwh = wh / 1000.0;
        return decimals(kwh, Math.abs(kwh) < 99.995 ? 2 : 1, locale) + " kWh";
    }

    /** Power in kW: one decimal below 100 kW, none above ("7.4 kW", "150 kW"). */
    static String power(double w, Locale locale) {
        double kw = w / 1000.0;
        return decimals(kw, Math.abs(kw) < 99.95 ? 1 : 0, locale) + " kW";
    }

    /** A state of charge as a whole percentage in 0..100, without the sign ("45"). */
    static String percent(double pct) {
        return Long.toString(Math.round(Math.max(0.0, Math.min(100.0, pct))));
    }

    /** A duration as h:mm:ss, hours unbounded ("0:05:09", "27:00:00"); negative counts as zero. */
    static String hms(Duration duration) {
        long seconds = Math.max(0, duration.getSeconds());
        return String.format(Locale.ROOT, "%d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60);
    }

    /**
     * A cost with the currency's usual decimals and its ISO code after it, as the energy has its unit ("4.32 EUR",
     * "4,32 EUR"): a code reads the same in every language and on displays without a € glyph.
     */
    static String cost(SessionCost cost, Locale locale) {
        int digits = Math.max(0, cost.currency().getDefaultFractionDigits());
        DecimalFormat format = new DecimalFormat(digits == 0 ? "0" : "0." + "0".repeat(digits),
                DecimalFormatSymbols.getInstance(locale));
        format.setRoundingMode(RoundingMode.HALF_UP);
        return format.format(cost.amount()) + " " + cost.currency().getCurrencyCode();
    }

    private static String decimals(double value, int decimals, Locale locale) {
        double scale = Math.pow(10, decimals);
        double rounded = Math.round(value * scale) / scale;
        if (rounded == 0.0) {
            rounded = 0.0; // no "-0.0" for a slightly negative reading
        }
        return String.format(locale, "%." + decimals + "f", rounded);
    }
}
