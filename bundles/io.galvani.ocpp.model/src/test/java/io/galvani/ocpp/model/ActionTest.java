package io.galvani.ocpp.model;

import static io.galvani.ocpp.model.Action.Initiator.CHARGING_STATION;
import static io.galvani.ocpp.model.Action.Initiator.CSMS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.nio.file.Files;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ActionTest {

    @Test
    void coversEverySchema() throws Exception {
        try (Stream<java.nio.file.Path> files = Files.list(Schemas.DIR)) {
            assertThat(files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith("Request.json"))
                    .map(n -> n.substring(0, n.length() - "Request.json".length())))
                    .containsExactlyInAnyOrder(Stream.of(Action.values()).map(Action::name).toArray(String[]::new));
        }
        assertThat(Action.values()).hasSize(64);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Action.class)
    void knowsItsPayloadTypes(Action action) {
        assertThat(action.requestType().getSimpleName()).isEqualTo(action.name() + "Request");
        assertThat(action.responseType().getSimpleName()).isEqualTo(action.name() + "Response");
        assertThat(Action.of(action.requestType())).isSameAs(action);
        assertThat(Action.of(action.responseType())).isSameAs(action);
        assertThat(Action.byName(action.name())).contains(action);
        assertThat(Samples.minimal(action.requestType()).ocppAction()).isEqualTo(action.name());
    }

    @Test
    void initiators() {
        assertThat(Action.BootNotification.initiators()).containsExactly(CHARGING_STATION);
        assertThat(Action.TransactionEvent.isInitiatedBy(CSMS)).isFalse();
        assertThat(Action.RequestStartTransaction.initiators()).containsExactly(CSMS);
        assertThat(Action.DataTransfer.initiators()).containsExactlyInAnyOrder(CHARGING_STATION, CSMS);
        assertThat(Stream.of(Action.values()).filter(a -> a.isInitiatedBy(CHARGING_STATION))).hasSize(25);
        assertThat(Stream.of(Action.values()).filter(a -> a.isInitiatedBy(CSMS))).hasSize(40);
    }

    @Test
    void unknownNamesAndTypes() {
        assertThat(Action.byName("bootNotification")).isEmpty();
        assertThat(Action.byName(null)).isEmpty();
        assertThatIllegalArgumentException().isThrownBy(() -> Action.of(String.class));
    }
}
