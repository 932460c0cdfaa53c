package io.galvani.diagnostics.internal;

import static io.galvani.diagnostics.internal.LogFiles.line;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.BundleContext;

import io.galvani.ocpp.testing.TestCall;
import io.galvani.devicemodel.api.ValueSource;
import io.galvani.devicemodel.api.VariableDefinition;
import io.galvani.ocpp.model.messages.GetLogRequest;
import io.galvani.ocpp.model.messages.TriggerMessageRequest;
import io.galvani.ocpp.model.types.AttributeEnumType;
import io.galvani.ocpp.model.types.DataEnumType;
import io.galvani.ocpp.model.types.LogEnumType;
import io.galvani.ocpp.model.types.LogParametersType;
import io.galvani.ocpp.model.types.LogStatusEnumType;
import io.galvani.ocpp.model.types.MessageTriggerEnumType;
import io.galvani.ocpp.model.types.MutabilityEnumType;
import io.galvani.ocpp.model.types.TriggerMessageStatusEnumType;
import io.galvani.ocpp.model.types.UploadLogStatusEnumType;

/** The DS component as SCR would drive it: activate with framework properties, serve, deactivate. */
class DiagnosticsComponentTest {
    @TempDir
    Path data;

    final RecordingLink link = new RecordingLink();

    @Test
    void servesGetLogFromTheDataDirectoryAndStopsItsThreadOnDeactivate() throws Exception {
        LogFiles.write(data.resolve("logs/galvani.log"), Instant.now(), line(Instant.now(), "hello"));
        Files.createDirectories(data.resolve("diagnostics"));
        Path stale = Files.createFile(data.resolve("diagnostics/getlog-1-123.zip"));
        DiagnosticsComponent component = new DiagnosticsComponent(link, config(Map.of()),
                context(Map.of("galvani.data.dir", data.toString(), "galvani.station.id", "CS-42")));
        assertThat(stale).doesNotExist(); // leftovers of an interrupted run are removed

        assertThat(component.requestType()).isEqualTo(GetLogRequest.class);
        TestCall call = new TestCall("GetLog");
        var response = component.handle(GetLogRequest.of(LogEnumType.DiagnosticsLog, 5,
                LogParametersType.of("http://127.0.0.1:9/none")).withRetries(0), call);
        assertThat(response.status()).isEqualTo(LogStatusEnumType.Accepted);
        assertThat(response.filename()).startsWith("CS-42-DiagnosticsLog-").endsWith("Z.zip");
        call.responded();
        link.awaitStatus(UploadLogStatusEnumType.UploadFailure); // nothing listens on port 9
        assertThat(threadAlive()).isTrue();

        component.deactivate();
        await().until(() -> !threadAlive());
    }

    @Test
    void F06_triggerLogStatusNotificationAnswersAcceptedAndSendsIdleAfterTheResponse() {
        DiagnosticsComponent component = new DiagnosticsComponent(link, config(Map.of()),
                context(Map.of("galvani.data.dir", data.toString())));
        try {
            assertThat(component.triggers()).containsExactly(MessageTriggerEnumType.LogStatusNotification);
            TestCall call = new TestCall("GetLog");
            var response = component.trigger(TriggerMessageRequest.of(MessageTriggerEnumType.LogStatusNotification),
                    call);
            assertThat(response.status()).isEqualTo(TriggerMessageStatusEnumType.Accepted);
            assertThat(link.calls).isEmpty();
            call.responded();
            assertThat(link.statuses()).containsExactly("Idle#null");
        } finally {
            component.deactivate();
        }
    }

    @Test
    void rejectsWhenTheDataDirectoryHasNoLogs() {
        DiagnosticsComponent component = new DiagnosticsComponent(link, config(Map.of()),
                context(Map.of("galvani.data.dir", data.toString())));
        try {
            var response = component.handle(GetLogRequest.of(LogEnumType.SecurityLog, 6,
                    LogParametersType.of("https://csms.example.com/logs")), new TestCall("GetLog"));
            assertThat(response.status()).isEqualTo(LogStatusEnumType.Rejected);
        } finally {
            component.deactivate();
        }
    }

    @Test
    void configurationKeepsThePasswordPrivateAndOutOfToString() {
        Settings s = Settings.from(config(Map.of("_trustStorePassword", "pw-123", "trustStorePath", "/etc/ca.p12",
                "defaultRetries", -4)));
        assertThat(s.trustStore()).isEqualTo(Path.of("/etc/ca.p12"));
        assertThat(new String(s.trustStorePassword())).isEqualTo("pw-123");
        assertThat(s.defaultRetries()).isZero();
        assertThat(s.toString()).doesNotContain("pw-123");
    }

    @Test
    void contributesFileTransferProtocols() {
        VariableDefinition v = new FileTransferProtocolsContribution().variables().iterator().next();
        assertThat(v.component().name()).isEqualTo("OCPPCommCtrlr");
        assertThat(v.variable().name()).isEqualTo("FileTransferProtocols");
        assertThat(v.characteristics().dataType()).isEqualTo(DataEnumType.MemberList);
        assertThat(v.characteristics().valuesList()).containsExactly("FTP", "FTPS", "HTTP", "HTTPS");
        var actual = v.attributes().get(AttributeEnumType.Actual);
        assertThat(actual.mutability()).isEqualTo(MutabilityEnumType.ReadOnly);
        assertThat(actual.source()).isEqualTo(ValueSource.constant("FTP,FTPS,HTTP,HTTPS"));
    }

    private static boolean threadAlive() {
        return Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.getName().equals("galvani-diagnostics") && t.isAlive());
    }

    /** The typed configuration with its defaults, as SCR builds it, overridden by {@code values}. */
    static DiagnosticsConfig config(Map<String, Object> values) {
        return (DiagnosticsConfig) Proxy.newProxyInstance(DiagnosticsConfig.class.getClassLoader(),
                new Class<?>[] { DiagnosticsConfig.class }, (proxy, method, args) -> {
                    if (values.containsKey(method.getName())) {
                        return values.get(method.getName());
                    }
                    if (method.getDefaultValue() != null) {
                        return method.getDefaultValue();
                    }
                    if (method.getName().equals("annotationType")) {
                        return DiagnosticsConfig.class;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    static BundleContext context(Map<String, String> properties) {
        return (BundleContext) Proxy.newProxyInstance(BundleContext.class.getClassLoader(),
                new Class<?>[] { BundleContext.class }, (proxy, method, args) -> {
                    if (method.getName().equals("getProperty")) {
                        return properties.get((String) args[0]);
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }
}
