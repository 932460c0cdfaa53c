package io.galvani.ocpp.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every enumeration of every schema has a generated enum with exactly its values, in JSON form. */
class SchemaEnumsTest {

    @ParameterizedTest(name = "enums used by {0}")
    @EnumSource(Action.class)
    void generatedEnumsMatchTheSchemas(Action action) throws Exception {
        for (String message : List.of(action.name() + "Request", action.name() + "Response")) {
            for (Map.Entry<String, JsonNode> definition : Schemas.json(message).get("definitions").properties()) {
                if (!definition.getValue().has("enum")) {
                    continue;
                }
                List<String> expected = new ArrayList<>();
                definition.getValue().get("enum").forEach(v -> expected.add(v.textValue()));
                Class<?> type = Class.forName("io.galvani.ocpp.model.types." + definition.getKey());
                List<String> actual = new ArrayList<>();
                for (Object constant : type.getEnumConstants()) {
                    actual.add(OcppJson.encode(constant).textValue());
                }
                assertThat(actual).as(definition.getKey()).containsExactlyElementsOf(expected);
            }
        }
    }
}
