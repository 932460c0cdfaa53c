package io.galvani.security.certificates.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import io.galvani.ocpp.model.OcppJson;

/**
 * Checks payloads against the official OCPP 2.0.1 JSON schemas, read from system property
 * {@code ocpp.schemas.dir} (set by the root pom) and never copied into the project. Without the schemas
 * the check fails: every payload of this bundle must be checked.
 */
final class OcppSchemas {
    private static final Map<String, JsonSchema> SCHEMAS = new ConcurrentHashMap<>();

    private OcppSchemas() {
    }

    /** Encodes {@code payload} as the transport would and asserts it is valid against schema {@code name}. */
    static void assertValid(String name, Object payload) {
        JsonNode json;
        try {
            json = OcppJson.mapper().readTree(OcppJson.write(payload));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> problems = SCHEMAS.computeIfAbsent(name, OcppSchemas::load).validate(json).stream()
                .map(ValidationMessage::getMessage).toList();
        assertThat(problems).as("%s %s", name, json).isEmpty();
    }

    private static JsonSchema load(String name) {
        Path dir = Path.of(System.getProperty("ocpp.schemas.dir", "../../../shared/ocpp-2.0.1-schemas"));
        Path file = dir.resolve(name + ".json");
        assertThat(file).as("official schema %s (ocpp.schemas.dir)", name).isRegularFile();
        try (InputStream in = Files.newInputStream(file)) {
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V6).getSchema(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
