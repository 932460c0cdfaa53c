package io.galvani.ocpp.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The official OCPP 2.0.1 schemas, read from {@code -Docpp.schemas.dir} (reference data, not in the project). */
final class Schemas {
    static final Path DIR = Path.of(System.getProperty("ocpp.schemas.dir", "../../../shared/ocpp-2.0.1-schemas"));
    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V6);
    private static final Map<String, JsonSchema> CACHE = new ConcurrentHashMap<>();

    private Schemas() {
    }

    /** The raw schema document, e.g. {@code json("BootNotificationRequest")}. */
    static JsonNode json(String message) {
        try {
            return OcppJson.mapper().readTree(Files.readString(DIR.resolve(message + ".json")));
        } catch (IOException e) {
            throw new UncheckedIOException("schema " + message + " not found in " + DIR.toAbsolutePath(), e);
        }
    }

    /** The official validator's complaints about {@code payload}; empty if it conforms. */
    static Set<ValidationMessage> validate(String message, JsonNode payload) {
        return CACHE.computeIfAbsent(message, m -> FACTORY.getSchema(json(m))).validate(payload);
    }
}
