package io.galvani.ocpp.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * For all 128 payload types: a fully populated and a minimal instance encode to JSON that the
 * official schema accepts, and decode back to an equal instance.
 */
class RoundTripTest {

    @ParameterizedTest(name = "{0}Request with every field")
    @EnumSource(Action.class)
    void fullRequest(Action action) throws Exception {
        assertRoundTrip(Samples.full(action.requestType()), true);
    }

    @ParameterizedTest(name = "{0}Response with every field")
    @EnumSource(Action.class)
    void fullResponse(Action action) throws Exception {
        assertRoundTrip(Samples.full(action.responseType()), true);
    }

    @ParameterizedTest(name = "{0}Request with required fields only")
    @EnumSource(Action.class)
    void minimalRequest(Action action) throws Exception {
        assertRoundTrip(Samples.minimal(action.requestType()), false);
    }

    @ParameterizedTest(name = "{0}Response with required fields only")
    @EnumSource(Action.class)
    void minimalResponse(Action action) throws Exception {
        assertRoundTrip(Samples.minimal(action.responseType()), false);
    }

    private static void assertRoundTrip(Object payload, boolean full) throws Exception {
        String message = payload.getClass().getSimpleName();
        JsonNode json = OcppJson.encode(payload);

        assertThat(Schemas.validate(message, json)).as("schema errors for %s", json).isEmpty();
        assertThat(OcppJson.decode(json, payload.getClass())).isEqualTo(payload);
        assertThat(OcppJson.decode(OcppJson.mapper().readTree(OcppJson.write(payload)), payload.getClass()))
                .as("decoded from text").isEqualTo(payload);
        if (full) {
            assertThat(json.size()).as("every property present").isEqualTo(Schemas.json(message).get("properties").size());
        } else {
            assertThat(json.size()).as("only the required properties")
                    .isEqualTo(Arrays.stream(payload.getClass().getRecordComponents())
                            .filter(c -> c.isAnnotationPresent(Required.class)).count());
        }
    }
}
