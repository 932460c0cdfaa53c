package io.galvani.ocpp.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.Assumptions;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import io.galvani.ocpp.model.OcppJson;
import io.galvani.ocpp.model.OcppRequest;

/**
 * Checks payloads against the official OCPP 2.0.1 JSON schemas, read from system property {@code ocpp.schemas.dir}
 * (set by the root pom) and never copied into the project. Each schema is compiled once per test JVM.
 *
 * <p>{@code assertValid} skips the test (JUnit assumption) when the schemas are not there; {@code requireValid}
 * fails it, for bundles where every payload must be checked.
 */
public final class OcppSchemas {
    private static final Map<String, JsonSchema> SCHEMAS = new ConcurrentHashMap<>();

    private OcppSchemas() {
    }

    /** Encodes {@code request} as the transport would and asserts it is valid for its action's schema. */
    public static void assertValid(OcppRequest<?> request) {
        check(request.ocppAction() + "Request", OcppJson.write(request), false);
    }

    /** Asserts that the JSON text {@code json} is a valid {@code schemaName} (e.g. TransactionEventRequest). */
    public static void assertValid(String schemaName, String json) {
        check(schemaName, json, false);
    }

    /**
     * Encodes {@code payload} as the transport would and asserts it is valid against schema {@code schemaName};
     * fails when the schemas are missing.
     */
    public static void requireValid(String schemaName, Object payload) {
        check(schemaName, OcppJson.write(payload), true);
    }

    private static void check(String schemaName, String text, boolean required) {
        JsonNode json;
        try {
            json = OcppJson.mapper().readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> problems = schema(schemaName, required).validate(json).stream()
                .map(ValidationMessage::getMessage).toList();
        assertThat(problems).as("%s %s", schemaName, json).isEmpty();
    }

    private static JsonSchema schema(String name, boolean required) {
        JsonSchema cached = SCHEMAS.get(name);
        if (cached != null) {
            return cached;
        }
        Path dir = Path.of(System.getProperty("ocpp.schemas.dir", "../../../shared/ocpp-2.0.1-schemas"));
        Path file = dir.resolve(name + ".json");
        if (required) {
            assertThat(file).as("official schema %s (ocpp.schemas.dir)", name).isRegularFile();
        } else {
            Assumptions.assumeTrue(Files.isRegularFile(file), "OCPP schemas not found at " + dir);
        }
        try (InputStream in = Files.newInputStream(file)) {
            JsonSchema schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V6).getSchema(in);
            SCHEMAS.put(name, schema);
            return schema;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
