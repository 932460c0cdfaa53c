package io.galvani.ocpp.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ContainerNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Mutates valid payloads at random (fixed seed) and checks that decode only ever throws
 * PayloadViolation, and that it accepts exactly what the official schema validator accepts.
 */
class DecodeRobustnessTest {
    private static final int MUTANTS = 200;
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    @ParameterizedTest(name = "{0}Request and {0}Response, " + MUTANTS + " mutants each")
    @EnumSource(Action.class)
    void decodeAgreesWithTheSchemaOnMutatedPayloads(Action action) {
        Random random = new Random(action.ordinal());
        for (Class<?> type : List.of(action.requestType(), action.responseType())) {
            for (int i = 0; i < MUTANTS; i++) {
                Object sample = i % 2 == 0 ? Samples.full(type) : Samples.minimal(type);
                JsonNode mutant = mutate(OcppJson.encode(sample), random);
                check(type, mutant);
            }
        }
    }

    private static void check(Class<?> type, JsonNode mutant) {
        boolean schemaValid = Schemas.validate(type.getSimpleName(), mutant).isEmpty();
        try {
            Object decoded = OcppJson.decode(mutant, type);
            assertThat(schemaValid).as("decode accepted what the schema rejects: %s", mutant).isTrue();
            assertThat(Schemas.validate(type.getSimpleName(), OcppJson.encode(decoded))).isEmpty();
        } catch (PayloadViolation violation) {
            assertThat(violation.errorCode()).isNotNull();
            assertThat(violation.getMessage()).isNotBlank();
            // OCPP integers are 32-bit; the schema alone would accept a larger one.
            if (!violation.getMessage().contains("32-bit")) {
                assertThat(schemaValid).as("decode rejected (%s) what the schema accepts: %s",
                        violation.getMessage(), mutant).isFalse();
            }
        }
    }

    /** The payload with one random change somewhere in its tree, or replaced altogether. */
    private static JsonNode mutate(JsonNode payload, Random random) {
        if (random.nextInt(20) == 0) {
            return randomValue(random, 2);
        }
        List<ContainerNode<?>> containers = new ArrayList<>();
        collect(payload, containers);
        ContainerNode<?> target = containers.get(random.nextInt(containers.size()));
        if (target instanceof ObjectNode object) {
            List<String> names = new ArrayList<>();
            object.fieldNames().forEachRemaining(names::add);
            int choice = random.nextInt(3);
            if (names.isEmpty() || choice == 0) {
                object.set(random.nextBoolean() ? "unknown" : "vendorId", randomValue(random, 2));
            } else if (choice == 1) {
                object.remove(names.get(random.nextInt(names.size())));
            } else {
                object.set(names.get(random.nextInt(names.size())), randomValue(random, 2));
            }
        } else {
            ArrayNode array = (ArrayNode) target;
            int choice = random.nextInt(3);
            if (array.isEmpty() || choice == 0) {
                array.add(random.nextBoolean() && !array.isEmpty() ? array.get(0).deepCopy() : randomValue(random, 2));
            } else if (choice == 1) {
                array.remove(random.nextInt(array.size()));
            } else {
                array.set(random.nextInt(array.size()), randomValue(random, 2));
            }
        }
        return payload;
    }

    private static void collect(JsonNode node, List<ContainerNode<?>> into) {
        if (node instanceof ContainerNode<?> container) {
            into.add(container);
            node.elements().forEachRemaining(child -> collect(child, into));
        }
    }

    private static JsonNode randomValue(Random random, int depth) {
        switch (random.nextInt(depth > 0 ? 16 : 14)) {
            case 0: return NODES.nullNode();
            case 1: return NODES.booleanNode(random.nextBoolean());
            case 2: return NODES.numberNode(random.nextInt(11) - 5);
            case 3: return NODES.numberNode(random.nextInt(201) - 50);
            case 4: return NODES.numberNode(1L << 40);
            case 5: return NODES.numberNode(random.nextInt(100) / 4.0);
            case 6: return NODES.textNode("");
            case 7: return NODES.textNode("x".repeat(random.nextInt(600)));
            case 8: return NODES.textNode("2026-11-25T12:00:00Z");
            case 9: return NODES.textNode("2026-11-25T12:00:00.5+02:00");
            case 10: return NODES.textNode("2026-13-25T12:00:00Z");
            case 11: return NODES.textNode("Accepted");
            case 12: return NODES.textNode("Energy.Active.Import.Register");
            case 13: return NODES.objectNode();
            case 14: return NODES.objectNode().put("vendorId", "v").set("unknown", randomValue(random, depth - 1));
            default: return NODES.arrayNode().add(randomValue(random, depth - 1)).add(randomValue(random, depth - 1));
        }
    }
}
