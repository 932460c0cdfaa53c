package io.galvani.devicemodel.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.galvani.devicemodel.api.Characteristics;
import io.galvani.devicemodel.api.Rejection;

class CharacteristicsCheckTest {

    static Optional<Rejection> check(Characteristics c, String value) {
        return CharacteristicsCheck.check("C.V", c, value, 1000);
    }

    @ParameterizedTest
    @CsvSource({ "0,true", "1,true", "10,true", "11,false", "-1,false", "1.0,true", "1.5,false", "x,false",
            "99999999999999999999,false" })
    void integersWithinLimits(String value, boolean ok) {
        assertThat(check(Characteristics.integer().withMin(0).withMax(10), value).isEmpty()).isEqualTo(ok);
    }

    @ParameterizedTest
    @CsvSource({ "0.5,true", "-0.5,false", "1e2,true", "NaN,false", "1000.1,false" })
    void decimalsWithinLimits(String value, boolean ok) {
        assertThat(check(Characteristics.decimal().withMin(0).withMax(1000), value).isEmpty()).isEqualTo(ok);
    }

    @Test
    void booleansAndDates() {
        assertThat(check(Characteristics.bool(), "true")).isEmpty();
        assertThat(check(Characteristics.bool(), "1")).isPresent();
        assertThat(check(Characteristics.dateTime(), "2026-11-25T10:00:00Z")).isEmpty();
        assertThat(check(Characteristics.dateTime(), "2026-11-25T10:00:00+01:00")).isEmpty();
        assertThat(check(Characteristics.dateTime(), "yesterday").orElseThrow().detail())
                .isEqualTo("C.V: not an RFC 3339 date-time");
    }

    @Test
    void stringLimitsAreLengths() {
        Characteristics c = Characteristics.string().withMin(2).withMax(4);
        assertThat(check(c, "ab")).isEmpty();
        assertThat(check(c, "a").orElseThrow().detail()).isEqualTo("C.V: shorter than 2 characters");
        assertThat(check(c, "abcde").orElseThrow().detail()).isEqualTo("C.V: longer than 4 characters");
        assertThat(CharacteristicsCheck.check("C.V", Characteristics.string(), "abc", 2).orElseThrow().detail())
                .isEqualTo("C.V: value longer than ConfigurationValueSize (2)");
    }

    @Test
    void listsTakeOnlyListedMembersOnce() {
        assertThat(check(Characteristics.optionList("A", "B"), "B")).isEmpty();
        assertThat(check(Characteristics.optionList("A", "B"), "A,B")).isPresent();
        Characteristics members = Characteristics.memberList("EVConnected", "Authorized", "PowerPathClosed");
        assertThat(check(members, "Authorized,EVConnected")).isEmpty();
        assertThat(check(members, "")).isEmpty();
        assertThat(check(members, "Authorized,Authorized").orElseThrow().detail())
                .isEqualTo("C.V: 'Authorized' listed twice");
        assertThat(check(members, "Authorized, EVConnected")).isPresent();
        assertThat(check(Characteristics.sequenceList("1", "2").withMax(3), "1,2")).isEmpty();
        assertThat(check(Characteristics.sequenceList("1", "2", "3").withMax(3), "1,2,3")).isPresent();
    }
}
