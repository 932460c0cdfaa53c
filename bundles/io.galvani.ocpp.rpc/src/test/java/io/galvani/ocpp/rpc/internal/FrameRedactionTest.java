package io.galvani.ocpp.rpc.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FrameRedactionTest {

    @Test
    void passwordsInSetVariablesAreMasked() {
        String frame = "[2,\"1\",\"SetVariables\",{\"setVariableData\":["
                + "{\"component\":{\"name\":\"SecurityCtrlr\"},\"variable\":{\"name\":\"BasicAuthPassword\"},\"attributeValue\":\"s3cr3t-s3cr3t-s3cr3t\"},"
                + "{\"component\":{\"name\":\"OCPPCommCtrlr\"},\"variable\":{\"name\":\"HeartbeatInterval\"},\"attributeValue\":\"60\"}]}]";
        String logged = FrameRedaction.redact(frame);
        assertThat(logged).doesNotContain("s3cr3t").contains("\"attributeValue\":\"***\"").contains("\"60\"");
    }

    @Test
    void unparsableSetVariablesWithAPasswordIsNotLogged() {
        assertThat(FrameRedaction.redact("[2,\"1\",\"SetVariables\",{\"x\":\"BasicAuthPassword s3cr3t"))
                .doesNotContain("s3cr3t");
    }

    @Test
    void userInformationInUploadAndFirmwareUrlsIsMasked() {
        String getLog = "[2,\"1\",\"GetLog\",{\"logType\":\"DiagnosticsLog\",\"requestId\":1,"
                + "\"log\":{\"remoteLocation\":\"ftp://user:p%40ss@files.example.com/logs/\"}}]";
        assertThat(FrameRedaction.redact(getLog)).doesNotContain("p%40ss").doesNotContain("user:")
                .contains("ftp://***@files.example.com/logs/");
        String firmware = "[2,\"2\",\"UpdateFirmware\",{\"requestId\":1,\"firmware\":{\"location\":\"https://a:b@fw.example.com/x.bin\"}}]";
        assertThat(FrameRedaction.redact(firmware)).contains("https://***@fw.example.com/x.bin");
    }

    @Test
    void everythingElseIsLoggedAsIs() {
        String frame = "[2,\"1\",\"Heartbeat\",{}]";
        assertThat(FrameRedaction.redact(frame)).isSameAs(frame);
        String getVariables = "[2,\"1\",\"GetVariables\",{\"getVariableData\":[{\"component\":{\"name\":\"SecurityCtrlr\"},"
                + "\"variable\":{\"name\":\"BasicAuthPassword\"}}]}]";
        assertThat(FrameRedaction.redact(getVariables)).isSameAs(getVariables);
    }
}
