package io.galvani.outbox.internal;

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
    private static final Map<String, JsonSchema> SCHEMAS = new ConcurrentHashMap<>();

    private OcppSchemas() {
    }

    /** Encodes {@code request} as the transport would and asserts it is valid for its action. */
    static void assertValid(OcppRequest<?> request) {
        assertValid(request.ocppAction() + "Request", OcppJson.write(request));
    }

    /** Asserts that the JSON text {@code payload} is a valid {@code schemaName} (e.g. TransactionEventRequest). */
    static void assertValid(String schemaName, String payload) {
        JsonNode json;
        try {
            json = OcppJson.mapper().readTree(payload);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> problems = schema(schemaName).validate(json).stream().map(ValidationMessage::getMessage).toList();
        assertThat(problems).as("%s %s", schemaName, json).isEmpty();
    }

    private static JsonSchema schema(String name) {
        return SCHEMAS.computeIfAbsent(name, n -> {
            Path dir = Path.of(System.getProperty("ocpp.schemas.dir", "../../../shared/ocpp-2.0.1-schemas"));
            Path file = dir.resolve(n + ".json");
            Assumptions.assumeTrue(Files.isRegularFile(file), "OCPP schemas not found at " + dir);
            try (InputStream in = Files.newInputStream(file)) {
                return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V6).getSchema(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
