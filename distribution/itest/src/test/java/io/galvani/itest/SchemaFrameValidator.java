package io.galvani.itest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import io.galvani.csms.demo.Frame;
import io.galvani.csms.demo.FrameValidator;

/**
 * Validates every CALL and CALLRESULT payload against the official OCPP 2.0.1 JSON schemas (read
 * from {@code ocpp.schemas.dir}, never copied into the project).
 */
final class SchemaFrameValidator implements FrameValidator {
    private final Path dir;
    private final Map<String, JsonSchema> schemas = new ConcurrentHashMap<>();
    private final JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V6);

    SchemaFrameValidator(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException("OCPP schemas not found at " + dir + " (system property ocpp.schemas.dir)");
        }
        this.dir = dir;
    }

    static SchemaFrameValidator fromSystemProperty() {
        return new SchemaFrameValidator(Path.of(System.getProperty("ocpp.schemas.dir", "../../../shared/ocpp-2.0.1-schemas")));
    }

    @Override
    public List<String> validate(Frame frame) {
        if (frame.action() == null || frame.payload() == null || frame.isCallError()) {
            return List.of();
        }
        String name = frame.action() + (frame.isCall() ? "Request" : "Response");
        Path file = dir.resolve(name + ".json");
        if (!Files.exists(file)) {
            return List.of("no OCPP 2.0.1 schema for " + name);
        }
        return schema(name, file).validate(frame.payload()).stream()
                .map(ValidationMessage::getMessage)
                .map(m -> name + ": " + m)
                .toList();
    }

    private JsonSchema schema(String name, Path file) {
        return schemas.computeIfAbsent(name, n -> {
            try (InputStream in = Files.newInputStream(file)) {
                return factory.getSchema(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
