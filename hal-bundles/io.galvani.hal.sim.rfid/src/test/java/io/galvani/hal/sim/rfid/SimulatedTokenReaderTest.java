package io.galvani.hal.sim.rfid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.galvani.devicemodel.api.ValueSource;
import io.galvani.devicemodel.api.VariableDefinition;
import io.galvani.hal.api.DeviceStatus;
import io.galvani.hal.api.PresentedToken;
import io.galvani.hal.sim.testing.Configs;
import io.galvani.ocpp.model.types.AttributeEnumType;

class SimulatedTokenReaderTest {

    private final List<PresentedToken> seen = new ArrayList<>();

    private SimulatedTokenReader reader(Map<String, Object> overrides) {
        SimulatedTokenReader r = new SimulatedTokenReader(Configs.of(SimulatedTokenReader.Config.class, overrides), Runnable::run);
        r.addListener((reader, token) -> seen.add(token));
        return r;
    }

    @Test
    void presentedTokenReachesEveryListener() {
        SimulatedTokenReader r = reader(Map.of());
        List<PresentedToken> second = new ArrayList<>();
        r.addListener((reader, token) -> second.add(token));

        r.present("04A2B3C4D5E6F7", "ISO14443", 1);

        PresentedToken expected = new PresentedToken("04A2B3C4D5E6F7", "ISO14443", 1);
        assertThat(seen).containsExactly(expected);
        assertThat(second).containsExactly(expected);
        assertThat(r.tokenTypes()).containsExactly("ISO14443", "ISO15693");
        assertThat(r.status().isOnline()).isTrue();
    }

    @Test
    void invalidInputIsRejectedWithAPreciseMessage() {
        SimulatedTokenReader r = reader(Map.of());
        assertThatThrownBy(() -> r.present("AB", "RFID", 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'RFID' is not an OCPP IdTokenEnumType").hasMessageContaining("ISO14443");
        assertThatThrownBy(() -> r.present("AB", "iso14443", 0)).hasMessageContaining("'iso14443'");
        assertThatThrownBy(() -> r.present("x".repeat(37), "ISO14443", 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("idToken is 37 characters; OCPP allows at most 36");
        assertThatThrownBy(() -> r.present("1234", "KeyCode", 0)).hasMessageContaining("reads [ISO14443, ISO15693], not KeyCode");
        assertThatThrownBy(() -> r.present(null, "ISO14443", 0)).hasMessageContaining("null");
        assertThatThrownBy(() -> r.present("", "ISO14443", 0)).hasMessageContaining("empty");
        assertThatThrownBy(() -> r.present("AB", "ISO14443", -1)).hasMessageContaining("evseId -1");
        assertThat(seen).isEmpty();
        r.present("x".repeat(36), "ISO14443", 0);
        assertThat(seen).hasSize(1);
    }

    @Test
    void evseBoundReaderOnlyServesItsEvse() {
        SimulatedTokenReader r = reader(Map.of("hal_evse_id", 2, "tokenTypes", new String[] { "ISO14443", "KeyCode" }));
        r.present("1234", "KeyCode", 2);
        assertThatThrownBy(() -> r.present("1234", "KeyCode", 1)).hasMessageContaining("EVSE 2");
        assertThat(seen).extracting(PresentedToken::evseId).containsExactly(2);
    }

    @Test
    void badConfigurationSaysWhatToFix() {
        assertThatThrownBy(() -> reader(Map.of("tokenTypes", new String[] { "Mifare" })))
                .hasMessageContaining("tokenTypes: 'Mifare'");
    }

    @Test
    void listenersRunOnTheReadersThreadInOrder() {
        SimulatedTokenReader r = new SimulatedTokenReader(Configs.of(SimulatedTokenReader.Config.class, Map.of()));
        List<String> ids = Collections.synchronizedList(new ArrayList<>());
        List<String> threads = Collections.synchronizedList(new ArrayList<>());
        r.addListener((reader, token) -> {
            ids.add(token.idToken());
            threads.add(Thread.currentThread().getName());
        });
        for (int i = 0; i < 20; i++) {
            r.present("T" + i, "ISO14443", 0);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> ids.size() == 20);
        for (int i = 0; i < 20; i++) {
            assertThat(ids.get(i)).isEqualTo("T" + i);
        }
        assertThat(threads).containsOnly("galvani-sim-rfid-evse0");
        r.deactivate();
        assertThatThrownBy(() -> r.present("X", "ISO14443", 0)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void stationWideReaderContributesTheTokenReaderComponent() {
        SimulatedTokenReader r = reader(Map.of());
        assertThat(values(r.variables())).containsExactly(entry("TokenReader.Available", "true"),
                entry("TokenReader.Enabled", "true"), entry("TokenReader.Problem", "false"));
    }

    @Test
    void evseBoundReaderIsATokenReaderOfItsEvse() {
        SimulatedTokenReader r = reader(Map.of("hal_evse_id", 2));
        assertThat(r.variables()).allSatisfy(d -> assertThat(d.component().evseId()).isEqualTo(2))
                .extracting(d -> d.component().connectorId()).containsOnlyNulls();
        assertThat(values(r.variables())).containsOnlyKeys("TokenReader@evse2.Available", "TokenReader@evse2.Enabled",
                "TokenReader@evse2.Problem");
    }

    @Test
    void stoppedReaderIsReportedUnavailableWithAProblem() {
        SimulatedTokenReader r = reader(Map.of());
        List<VariableDefinition> contributed = List.copyOf(r.variables()); // read once, as the device model does

        r.deactivate();

        assertThat(r.status().state()).isEqualTo(DeviceStatus.State.OFFLINE);
        assertThat(values(contributed)).containsEntry("TokenReader.Available", "false")
                .containsEntry("TokenReader.Enabled", "false").containsEntry("TokenReader.Problem", "true");
    }

    /** Each contributed variable ("Component@evse.Variable") and its Actual value now, in contribution order. */
    private static Map<String, String> values(Collection<VariableDefinition> definitions) {
        Map<String, String> values = new LinkedHashMap<>();
        for (VariableDefinition d : definitions) {
            ValueSource source = d.attributes().get(AttributeEnumType.Actual).source();
            values.put(d.toString(), source instanceof ValueSource.Live live ? live.value().get()
                    : ((ValueSource.Constant) source).value());
        }
        return values;
    }
}
