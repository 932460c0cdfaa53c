package io.galvani.devicemodel.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Collections;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.galvani.ocpp.api.OcppCallException;
import io.galvani.ocpp.model.OcppErrorCode;
import io.galvani.ocpp.model.messages.GetVariablesRequest;
import io.galvani.ocpp.model.messages.SetVariablesRequest;
import io.galvani.ocpp.model.types.AttributeEnumType;
import io.galvani.ocpp.model.types.ComponentType;
import io.galvani.ocpp.model.types.GetVariableDataType;
import io.galvani.ocpp.model.types.GetVariableResultType;
import io.galvani.ocpp.model.types.GetVariableStatusEnumType;
import io.galvani.ocpp.model.types.SetVariableDataType;
import io.galvani.ocpp.model.types.SetVariableResultType;
import io.galvani.ocpp.model.types.SetVariableStatusEnumType;
import io.galvani.ocpp.model.types.VariableType;

class VariablesHandlersTest {
    final Fixture f = new Fixture(Map.of("itemsPerMessageGetVariables", 3, "bytesPerMessageSetVariables", 600));
    final GetVariablesHandler get = new GetVariablesHandler(f.model);
    final SetVariablesHandler set = new SetVariablesHandler(f.model);

    VariablesHandlersTest() {
        f.contribute(0, DeviceModelServiceTest.heartbeat(), DeviceModelServiceTest.password());
    }

    static GetVariableDataType item(String component, String variable) {
        return GetVariableDataType.of(ComponentType.of(component), VariableType.of(variable));
    }

    @Test
    void getVariablesAnswersEveryItemInOrder() throws Exception {
        List<GetVariableResultType> results = get.handle(GetVariablesRequest.of(List.of(
                item("OCPPCommCtrlr", "HeartbeatInterval"),
                item("SecurityCtrlr", "BasicAuthPassword"),
                item("OCPPCommCtrlr", "HeartbeatInterval").withAttributeType(AttributeEnumType.Target))),
                new Fixture.Call()).getVariableResult();
        assertThat(results).extracting(GetVariableResultType::attributeStatus).containsExactly(
                GetVariableStatusEnumType.Accepted, GetVariableStatusEnumType.Rejected,
                GetVariableStatusEnumType.NotSupportedAttributeType);
        assertThat(results.get(0).attributeValue()).isEqualTo("60");
        assertThat(results.get(1).attributeValue()).isNull();
        assertThat(results.get(1).attributeStatusInfo().reasonCode()).isEqualTo("WriteOnly");
        assertThat(results.get(2).attributeType()).isEqualTo(AttributeEnumType.Target);
    }

    @Test
    void moreItemsThanItemsPerMessageIsAnOccurrenceViolation() {
        GetVariablesRequest four = GetVariablesRequest.of(Collections.nCopies(4, item("OCPPCommCtrlr", "HeartbeatInterval")));
        assertThatThrownBy(() -> get.handle(four, new Fixture.Call())).isInstanceOfSatisfying(OcppCallException.class,
                e -> {
                    assertThat(e.errorCode()).isEqualTo(OcppErrorCode.OccurrenceConstraintViolation);
                    assertThat(e.getMessage()).contains("ItemsPerMessage[GetVariables] = 3");
                });
    }

    @Test
    void moreBytesThanBytesPerMessageIsAFormatViolation() {
        SetVariablesRequest big = SetVariablesRequest.of(List.of(SetVariableDataType.of("x".repeat(700),
                ComponentType.of("OCPPCommCtrlr"), VariableType.of("HeartbeatInterval"))));
        assertThatThrownBy(() -> set.handle(big, new Fixture.Call())).isInstanceOfSatisfying(OcppCallException.class,
                e -> assertThat(e.errorCode()).isEqualTo(OcppErrorCode.FormatViolation));
        assertThat(f.store.updates).isEmpty();
    }

    @Test
    void theFrameLengthTheTransportCountedIsWhatCounts() throws Exception {
        SetVariablesRequest small = SetVariablesRequest.of(List.of(SetVariableDataType.of("300",
                ComponentType.of("OCPPCommCtrlr"), VariableType.of("HeartbeatInterval"))));
        Fixture.Call call = new Fixture.Call();
        call.messageBytes = 601;
        assertThatThrownBy(() -> set.handle(small, call)).isInstanceOfSatisfying(OcppCallException.class,
                e -> assertThat(e.getMessage()).startsWith("601 bytes exceed"));
        call.messageBytes = 600;
        assertThat(set.handle(small, call).setVariableResult().get(0).attributeStatus())
                .isEqualTo(SetVariableStatusEnumType.Accepted);
    }

    @Test
    void setVariablesStoresBeforeAnsweringAndExplainsRejections() throws Exception {
        List<SetVariableResultType> results = set.handle(SetVariablesRequest.of(List.of(
                SetVariableDataType.of("300", ComponentType.of("OCPPCommCtrlr"), VariableType.of("HeartbeatInterval")),
                SetVariableDataType.of("-5", ComponentType.of("OCPPCommCtrlr"), VariableType.of("HeartbeatInterval")),
                SetVariableDataType.of("1", ComponentType.of("Nope"), VariableType.of("HeartbeatInterval")))),
                new Fixture.Call()).setVariableResult();
        assertThat(results).extracting(SetVariableResultType::attributeStatus).containsExactly(
                SetVariableStatusEnumType.Accepted, SetVariableStatusEnumType.Rejected,
                SetVariableStatusEnumType.UnknownComponent);
        assertThat(results.get(1).attributeStatusInfo().reasonCode()).isEqualTo("ValueOutOfRange");
        assertThat(results.get(1).attributeStatusInfo().additionalInfo()).contains("HeartbeatInterval");
        // The later Rejected item does not undo the earlier accepted one.
        assertThat(f.store.configs.get("prov")).containsEntry("heartbeatIntervalSeconds", 300);
    }
}
