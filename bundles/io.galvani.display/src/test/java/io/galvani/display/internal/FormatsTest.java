package io.galvani.display.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Locale;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class FormatsTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "0        | 0.00 kWh",
            "4        | 0.00 kWh",
            "5        | 0.01 kWh",
            "12345    | 12.35 kWh",
            "99994    | 99.99 kWh",
            "99995    | 100.0 kWh",
            "123456   | 123.5 kWh",
            "1234567  | 1234.6 kWh",
            "-3       | 0.00 kWh" })
    void energy_twoDecimalsBelow100kWh_oneAbove(double wh, String shown) {
        assertThat(Formats.energy(wh, Locale.ENGLISH)).isEqualTo(shown);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "0        | 0.0 kW",
            "-40      | 0.0 kW",
            "7400     | 7.4 kW",
            "99940    | 99.9 kW",
            "99950    | 100 kW",
            "150349   | 150 kW",
            "480000   | 480 kW",
            "-11000   | -11.0 kW" })
    void power_oneDecimalBelow100kW_noneAbove(double w, String shown) {
        assertThat(Formats.power(w, Locale.ENGLISH)).isEqualTo(shown);
    }

    @Test
    void german_usesTheDecimalComma() {
        assertThat(Formats.energy(12345, Locale.GERMAN)).isEqualTo("12,35 kWh");
        assertThat(Formats.power(7400, Locale.GERMAN)).isEqualTo("7,4 kW");
        assertThat(Formats.energy(1234567, Locale.GERMAN)).isEqualTo("1234,6 kWh");
    }

    @ParameterizedTest
    @CsvSource({ "0,0", "44.5,45", "44.4,44", "100,100", "120,100", "-3,0", "99.6,100" })
    void percent_isWholeAndWithin0To100(double pct, String shown) {
        assertThat(Formats.percent(pct)).isEqualTo(shown);
    }

    @ParameterizedTest
    @CsvSource({ "0,0:00:00", "9,0:00:09", "309,0:05:09", "3600,1:00:00", "4354,1:12:34", "97200,27:00:00",
            "-5,0:00:00" })
    void hms(long seconds, String shown) {
        assertThat(Formats.hms(Duration.ofSeconds(seconds))).isEqualTo(shown);
    }

    @Test
    void hms_dropsFractionsOfASecond() {
        assertThat(Formats.hms(Duration.ofMillis(59_999))).isEqualTo("0:00:59");
    }

    @Test
    void known_onlyForFiniteValues() {
        assertThat(Formats.known(1.0)).isTrue();
        assertThat(Formats.known(null)).isFalse();
        assertThat(Formats.known(Double.NaN)).isFalse();
        assertThat(Formats.known(Double.POSITIVE_INFINITY)).isFalse();
    }
}
