package io.galvani.transactions.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.lang.annotation.Annotation;
import java.time.Duration;
import java.util.EnumSet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** TxCtrlr.TxStartPoint / TxStopPoint member lists and the other TxCtrlr settings. */
class TxSettingsTest {

    @Test
    void parsesAMemberListInAnyOrderWithSpaces() {
        assertThat(TxPoint.parse(" Authorized ,EVConnected", true))
                .isEqualTo(EnumSet.of(TxPoint.EVConnected, TxPoint.Authorized));
        assertThat(TxPoint.parse(TxPoint.VALUES_LIST, false)).isEqualTo(EnumSet.allOf(TxPoint.class));
        assertThat(TxPoint.format(TxPoint.parse("PowerPathClosed,EVConnected", false)))
                .isEqualTo("EVConnected,PowerPathClosed");
    }

    @ParameterizedTest
    @ValueSource(strings = { "", " ", "EVConnected,", "evconnected", "Authorised", "Authorized,Authorized" })
    void refusesWhatIsNotAMemberList(String list) {
        assertThatIllegalArgumentException().isThrownBy(() -> TxPoint.parse(list, false));
    }

    @Test
    void dataSignedIsNoStopPoint() {
        // Errata 2025-02 deleted E06.FR.05; this meter cannot sign anyway.
        assertThatIllegalArgumentException().isThrownBy(() -> TxPoint.parse("EVConnected,DataSigned", true))
                .withMessageContaining("DataSigned");
        assertThat(TxPoint.parse("DataSigned", false)).containsExactly(TxPoint.DataSigned);
    }

    @Test
    void theDefaultsAreThoseOfTheReferenceProduct() {
        TxSettings s = TxSettings.of(config("PowerPathClosed", "EVConnected,Authorized", 120, 0, 30));
        assertThat(s).isEqualTo(TxSettings.DEFAULTS);
        assertThat(s.startsAt(TxPoint.PowerPathClosed)).isTrue();
        assertThat(s.stopsAt(TxPoint.Authorized)).isTrue();
        assertThat(s.stopsAt(TxPoint.PowerPathClosed)).isFalse();
        assertThat(s.evConnectionTimeout()).isEqualTo(Duration.ofSeconds(120));
    }

    @Test
    void aWrongValueNamesItsProperty() {
        assertThatIllegalArgumentException().isThrownBy(() -> TxSettings.of(config("Plugged", "EVConnected", 120, 0, 30)))
                .withMessageStartingWith("txStartPoint 'Plugged'");
        assertThatIllegalArgumentException().isThrownBy(() -> TxSettings.of(config("EVConnected", "", 120, 0, 30)))
                .withMessageStartingWith("txStopPoint");
        assertThatIllegalArgumentException().isThrownBy(() -> TxSettings.of(config("EVConnected", "EVConnected", 0, 0, 30)))
                .withMessageContaining("evConnectionTimeOutSeconds");
        assertThatIllegalArgumentException().isThrownBy(() -> TxSettings.of(config("EVConnected", "EVConnected", 1, -1, 30)))
                .withMessageContaining("maxEnergyOnInvalidIdWh");
        assertThatIllegalArgumentException().isThrownBy(() -> TxSettings.of(config("EVConnected", "EVConnected", 1, 0, -1)))
                .withMessageContaining("summarySeconds");
    }

    private static TransactionsConfig config(String start, String stop, int timeout, int maxEnergy, int summary) {
        return new TransactionsConfig() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return TransactionsConfig.class;
            }

            @Override
            public String txStartPoint() {
                return start;
            }

            @Override
            public String txStopPoint() {
                return stop;
            }

            @Override
            public int evConnectionTimeOutSeconds() {
                return timeout;
            }

            @Override
            public boolean stopTxOnInvalidId() {
                return true;
            }

            @Override
            public int maxEnergyOnInvalidIdWh() {
                return maxEnergy;
            }

            @Override
            public int summarySeconds() {
                return summary;
            }

            @Override
            public long halCallTimeoutMillis() {
                return 2000;
            }
        };
    }
}
