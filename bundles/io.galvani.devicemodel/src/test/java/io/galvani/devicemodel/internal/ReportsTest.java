package io.galvani.devicemodel.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.galvani.devicemodel.api.Characteristics;
import io.galvani.devicemodel.api.ComponentKey;
import io.galvani.devicemodel.api.ValueSource;
import io.galvani.devicemodel.api.VariableAttribute;
import io.galvani.devicemodel.api.VariableDefinition;
import io.galvani.devicemodel.api.VariableKey;
import io.galvani.ocpp.api.OcppCallException;
import io.galvani.ocpp.model.OcppErrorCode;
import io.galvani.ocpp.model.OcppJson;
import io.galvani.ocpp.model.messages.GetBaseReportRequest;
import io.galvani.ocpp.model.messages.GetReportRequest;
import io.galvani.ocpp.model.messages.NotifyReportRequest;
import io.galvani.ocpp.model.types.AttributeEnumType;
import io.galvani.ocpp.model.types.ComponentCriterionEnumType;
import io.galvani.ocpp.model.types.ComponentType;
import io.galvani.ocpp.model.types.ComponentVariableType;
import io.galvani.ocpp.model.types.EVSEType;
import io.galvani.ocpp.model.types.GenericDeviceModelStatusEnumType;
import io.galvani.ocpp.model.types.ReportBaseEnumType;
import io.galvani.ocpp.model.types.ReportDataType;
import io.galvani.ocpp.model.types.VariableType;
import io.galvani.station.api.StationClock;

class ReportsTest {
    static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
    final Fixture f = new Fixture(Map.of("itemsPerMessageGetReport", 4));
    final Fixture.RecordingLink link = new Fixture.RecordingLink();
    final StationClock clock = new StationClock() {
        @Override
        public Instant now() {
            return NOW;
        }

        @Override
        public void adjustTo(Instant csmsTime) {
        }
    };

    @BeforeEach
    void station() {
        f.contribute(0, DeviceModelServiceTest.heartbeat(), DeviceModelServiceTest.password(),
                DeviceModelServiceTest.priority());
        for (int evse = 1; evse <= 2; evse++) {
            ComponentKey e = ComponentKey.of("EVSE").atEvse(evse);
            ComponentKey c = ComponentKey.of("Connector").atConnector(evse, 1);
            f.contribute(0, ro(e, "Available", evse == 1 ? "true" : "false"), ro(e, "AvailabilityState", "Available"),
                    ro(c, "AvailabilityState", "Available"), ro(c, "ConnectorType", "cCCS2"));
        }
        f.contribute(0, ro(ComponentKey.of("PowerCabinet"), "Problem", "true"),
                ro(ComponentKey.of("TokenReader"), "Enabled", "false"));
    }

    static VariableDefinition ro(ComponentKey c, String variable, String value) {
        return VariableDefinition.builder(c, VariableKey.of(variable),
                value.equals("true") || value.equals("false") ? Characteristics.bool() : Characteristics.string())
                .actual(VariableAttribute.readOnly(ValueSource.constant(value))).build();
    }

    List<NotifyReportRequest> baseReport(ReportBaseEnumType base) {
        Fixture.Call call = new Fixture.Call();
        GetBaseReportHandler handler = new GetBaseReportHandler(f.model, link, clock);
        assertThat(handler.handle(GetBaseReportRequest.of(7, base), call).status())
                .isEqualTo(GenericDeviceModelStatusEnumType.Accepted);
        assertThat(link.sent).as("nothing before the response").isEmpty();
        call.respond();
        return link.sent.stream().map(NotifyReportRequest.class::cast).toList();
    }

    static List<ReportDataType> entries(List<NotifyReportRequest> parts) {
        List<ReportDataType> all = new ArrayList<>();
        parts.forEach(p -> all.addAll(p.reportData()));
        return all;
    }

    @Test
    void fullInventoryReportsEverythingInNumberedPartsWithoutSecrets() {
        List<NotifyReportRequest> parts = baseReport(ReportBaseEnumType.FullInventory);
        assertThat(entries(parts)).hasSize(f.model.definitions().size());
        assertThat(parts).allSatisfy(p -> {
            assertThat(p.requestId()).isEqualTo(7);
            assertThat(p.generatedAt()).isEqualTo(NOW);
            assertThat(p.reportData()).hasSizeLessThanOrEqualTo(4);
        });
        assertThat(parts).extracting(NotifyReportRequest::seqNo).containsExactly(
                java.util.stream.IntStream.range(0, parts.size()).boxed().toArray(Integer[]::new));
        assertThat(parts.subList(0, parts.size() - 1)).allMatch(NotifyReportRequest::tbc);
        assertThat(parts.get(parts.size() - 1).tbc()).isFalse();
        ReportDataType password = entries(parts).stream().filter(e -> e.variable().name().equals("BasicAuthPassword"))
                .findFirst().orElseThrow();
        assertThat(password.variableAttribute().get(0).value()).isNull();
        assertThat(password.variableAttribute().get(0).type()).isEqualTo(AttributeEnumType.Actual);
        ReportDataType priority = entries(parts).stream()
                .filter(e -> e.variable().name().equals("NetworkConfigurationPriority")).findFirst().orElseThrow();
        assertThat(priority.variableCharacteristics().valuesList()).isEqualTo("1,2,3");
        assertThat(priority.variableAttribute().get(0).value()).isEqualTo("1");
        assertThat(priority.variableAttribute().get(0).persistent()).isTrue();
    }

    @Test
    void configurationInventoryHoldsWhatTheOperatorCanSet() {
        assertThat(entries(baseReport(ReportBaseEnumType.ConfigurationInventory)))
                .extracting(e -> e.variable().name())
                .containsExactlyInAnyOrder("HeartbeatInterval", "BasicAuthPassword", "NetworkConfigurationPriority");
    }

    @Test
    void summaryInventoryHoldsAvailabilityAndProblems() {
        assertThat(entries(baseReport(ReportBaseEnumType.SummaryInventory)))
                .extracting(e -> e.component().name() + "." + e.variable().name())
                .containsExactly("Connector.AvailabilityState", "Connector.AvailabilityState", "EVSE.AvailabilityState",
                        "EVSE.AvailabilityState", "PowerCabinet.Problem");
    }

    @Test
    void partsStayWithinBytesPerMessageAsWholeFrames() {
        List<ReportDataType> entries = f.model.definitions().stream().map(new Reports(f.model)::entry).toList();
        List<NotifyReportRequest> parts = ReportSender.split(1, NOW, entries, 100, 1024);
        assertThat(parts).hasSizeGreaterThan(1);
        for (NotifyReportRequest p : parts) {
            String frame = "[2,\"" + java.util.UUID.randomUUID() + "\",\"NotifyReport\"," + OcppJson.write(p) + "]";
            assertThat(frame.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(1024);
        }
        assertThat(entries(parts)).isEqualTo(entries);
    }

    List<String> custom(List<ComponentVariableType> cvs, List<ComponentCriterionEnumType> criteria) throws Exception {
        link.sent.clear();
        Fixture.Call call = new Fixture.Call();
        GetReportHandler handler = new GetReportHandler(f.model, link, clock);
        GetReportRequest request = new GetReportRequest(null, cvs, 9, criteria);
        GenericDeviceModelStatusEnumType status = handler.handle(request, call).status();
        call.respond();
        if (status == GenericDeviceModelStatusEnumType.EmptyResultSet) {
            assertThat(link.sent).isEmpty();
            return List.of();
        }
        return entries(link.sent.stream().map(NotifyReportRequest.class::cast).toList()).stream()
                .map(e -> e.component().name() + (e.component().evse() == null ? "" : "@" + e.component().evse().id())
                        + "." + e.variable().name())
                .toList();
    }

    @Test
    void customReportByComponentMatchesEveryEvseWhenNoneIsGiven() throws Exception {
        assertThat(custom(List.of(ComponentVariableType.of(ComponentType.of("EVSE")).withVariable(
                VariableType.of("Available"))), null)).containsExactly("EVSE@1.Available", "EVSE@2.Available");
        assertThat(custom(List.of(ComponentVariableType.of(ComponentType.of("EVSE").withEvse(EVSEType.of(2)))), null))
                .containsExactlyInAnyOrder("EVSE@2.Available", "EVSE@2.AvailabilityState");
        assertThat(custom(List.of(ComponentVariableType.of(ComponentType.of("Nope"))), null)).isEmpty();
    }

    @Test
    void customReportByCriteria() throws Exception {
        assertThat(custom(null, List.of(ComponentCriterionEnumType.Problem))).containsExactly("PowerCabinet.Problem");
        assertThat(custom(null, List.of(ComponentCriterionEnumType.Enabled))).doesNotContain("TokenReader.Enabled")
                .contains("OCPPCommCtrlr.HeartbeatInterval");
        assertThat(custom(List.of(ComponentVariableType.of(ComponentType.of("EVSE"))),
                List.of(ComponentCriterionEnumType.Available))).containsExactlyInAnyOrder("EVSE@1.Available", "EVSE@1.AvailabilityState");
    }

    @Test
    void tooManyComponentVariablesIsAnOccurrenceViolation() {
        List<ComponentVariableType> five = java.util.Collections.nCopies(5, ComponentVariableType.of(ComponentType.of("EVSE")));
        assertThatThrownBy(() -> new GetReportHandler(f.model, link, clock).handle(new GetReportRequest(null, five, 1, null),
                new Fixture.Call())).isInstanceOfSatisfying(OcppCallException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(OcppErrorCode.OccurrenceConstraintViolation));
    }
}
