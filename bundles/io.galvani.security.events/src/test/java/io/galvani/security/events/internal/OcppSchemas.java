package io.galvani.security.events.internal;

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
 * Checks payloads against the official OCPP 2.0.1 JSON schemas, read from system property
 * {@code ocpp.schemas.dir} (set by the root pom) and never copied into the project. Tests that need them
 * are skipped when the schemas are not there.
 */
final class OcppSchemas {
    /** Compiled once: the session tests validate every event they produce. */
    private static final Map<String, JsonSchema> SCHEMAS = new ConcurrentHashMap<>();

    private OcppSchemas() {
    }

    /** Encodes {@code request} as the transport would and asserts it is valid for its action's schema. */
    static void assertValid(OcppRequest<?> request) {
        JsonNode json;
        try {
            json = OcppJson.mapper().readTree(OcppJson.write(request));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String schema = request.ocppAction() + "Request";
        List<String> problems = schema(schema).validate(json).stream().map(ValidationMessage::getMessage).toList();
        assertThat(problems).as("%s %s", schema, json).isEmpty();
    }

    private static JsonSchema schema(String name) {
        JsonSchema cached = SCHEMAS.get(name);
        if (cached != null) {
            return cached;
        }
        Path dir = Path.of(System.getProperty("ocpp.schemas.dir", "../../../shared/ocpp-2.0.1-schemas"));
        Path file = dir.resolve(name + ".json");
        Assumptions.assumeTrue(Files.isRegularFile(file), "OCPP schemas not found at " + dir);
        try (InputStream in = Files.newInputStream(file)) {
            JsonSchema schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V6).getSchema(in);
            SCHEMAS.put(name, schema);
            return schema;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
