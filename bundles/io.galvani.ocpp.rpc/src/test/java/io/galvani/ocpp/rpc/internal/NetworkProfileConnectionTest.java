package io.galvani.ocpp.rpc.internal;

import static io.galvani.ocpp.rpc.internal.Fakes.profile;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import io.galvani.ocpp.api.LinkStatus;
import io.galvani.ocpp.api.OcppConnectionListener;
import io.galvani.ocpp.model.messages.SetVariablesRequest;
import io.galvani.ocpp.model.messages.SetVariablesResponse;
import io.galvani.ocpp.model.types.ComponentType;
import io.galvani.ocpp.model.types.NetworkConnectionProfileType;
import io.galvani.ocpp.model.types.SetVariableResultType;
import io.galvani.ocpp.model.types.SetVariableStatusEnumType;
import io.galvani.ocpp.model.types.VariableType;
import io.galvani.ocpp.model.types.OCPPInterfaceEnumType;
import io.galvani.ocpp.model.types.OCPPTransportEnumType;
import io.galvani.ocpp.model.types.OCPPVersionEnumType;

/**
 * Network connection profiles on the wire (B09/B10, A01, OCPP-J §5.3): loopback against real Jetty
 * WebSocket servers acting as CSMS 1 and CSMS 2.
 */
class NetworkProfileConnectionTest {
    private FakeCsms csms1;
    private FakeCsms csms2;
    private OcppRpcLink link;
    private final List<LinkStatus> connects = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startCsms() throws Exception {
        csms1 = new FakeCsms();
        csms2 = new FakeCsms();
    }

    @AfterEach
    void stop() throws Exception {
        if (link != null) {
            link.deactivate();
        }
        csms1.close();
        csms2.close();
    }

    // ---------------------------------------------------------------- given / when helpers

    private TestConfig config() {
        return TestConfig.config(csms1.url()).with("networkProfileConnectionAttempts", 2);
    }

    private OcppRpcLink start(TestConfig config) {
        link = new OcppRpcLink(Clock.systemUTC(), bound -> 0, TlsConfigurer.NONE);
        link.addListener(new OcppConnectionListener() {
            @Override
            public void connected(LinkStatus status) {
                connects.add(status);
            }

            @Override
            public void disconnected(LinkStatus status) {
                // not needed
            }
        });
        link.start(config.build(), config.props());
        return link;
    }

    private void reconfigure(TestConfig config) {
        link.modified(config.build(), config.props());
    }

    private static String json(String url, int securityProfile) {
        return NetworkProfiles.encode(profile(url, securityProfile));
    }

    private static String deadUrl() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return "ws://127.0.0.1:" + s.getLocalPort() + "/ocpp";
        }
    }

    private void awaitConnectedTo(FakeCsms csms, int connections) {
        await().atMost(10, SECONDS).until(() -> csms.connections.get() == connections && link.status().connected());
    }

    // ---------------------------------------------------------------- B10 at start

    @Test
    void B10_FR03_deadFirstSlotIsTriedNTimesThenTheNextSlot() {
        csms2.refuseConnections = true;
        start(config().with("networkProfile.2", json(csms2.url(), 1)).with("networkConfigurationPriority", "2,1"));

        awaitConnectedTo(csms1, 1);
        assertThat(csms2.handshakes).as("NetworkProfileConnectionAttempts = 2 on slot 2").hasSize(2);
        assertThat(link.status().activeNetworkProfile()).isEqualTo(1);
        assertThat(link.activeNetworkProfile()).as("ActiveNetworkProfile").isEqualTo(1);
        assertThat(connects).extracting(LinkStatus::activeNetworkProfile).containsExactly(1);
    }

    @Test
    void B10_slotOnADeadPortFallsBackToSlot1() throws Exception {
        start(config().with("networkProfile.2", json(deadUrl(), 1)).with("networkConfigurationPriority", "2,1"));

        awaitConnectedTo(csms1, 1);
        assertThat(link.status().activeNetworkProfile()).isEqualTo(1);
        assertThat(link.status().endpoint()).isEqualTo(csms1.url() + "/GALVANI-0001");
    }

    @Test
    void B10_FR04_firstEntryOfThePriorityIsUsedAtStart() {
        NetworkConnectionProfileType p2 = NetworkConnectionProfileType.of(OCPPVersionEnumType.OCPP20,
                OCPPTransportEnumType.JSON, csms2.url(), 17, 1, OCPPInterfaceEnumType.Wired0);
        start(config().with("networkProfile.2", NetworkProfiles.encode(p2)).with("networkConfigurationPriority", "2,1"));

        awaitConnectedTo(csms2, 1);
        assertThat(csms1.handshakes).isEmpty();
        assertThat(link.activeNetworkProfile()).isEqualTo(2);
        assertThat(link.messageTimeoutSeconds()).as("MessageTimeout[Default] of the profile in use").isEqualTo(17);
        assertThat(csms2.handshakes.get(0).path()).isEqualTo("/ocpp/GALVANI-0001");
    }

    // ---------------------------------------------------------------- B10 after reconfiguration

    @Test
    void B10_newPriorityIsUsedAfterTheConnectionIsLostAndTheStatusNamesTheNewSlot() throws Exception {
        TestConfig cfg = config();
        start(cfg);
        awaitConnectedTo(csms1, 1);

        reconfigure(cfg.with("networkProfile.2", json(csms2.url(), 1)).with("networkConfigurationPriority", "2,1"));
        assertThat(csms2.poll(500)).isNull();
        assertThat(csms2.handshakes).as("no switch while connected (RebootRequired)").isEmpty();
        assertThat(csms1.connections.get()).isEqualTo(1);

        csms1.drop();
        awaitConnectedTo(csms2, 1);
        assertThat(link.activeNetworkProfile()).isEqualTo(2);
        assertThat(connects).extracting(LinkStatus::activeNetworkProfile).as("B10.FR.10: provisioning sees the switch")
                .containsExactly(1, 2);
    }

    @Test
    void B10_FR07_whenEveryEntryFailsTheLastWorkingProfileIsUsed() {
        csms2.refuseConnections = true;
        TestConfig cfg = config();
        start(cfg);
        awaitConnectedTo(csms1, 1);

        reconfigure(cfg.with("networkProfile.2", json(csms2.url(), 1)).with("networkConfigurationPriority", "2"));
        csms1.drop();

        awaitConnectedTo(csms1, 2);
        assertThat(csms2.handshakes).hasSize(2);
        assertThat(link.activeNetworkProfile()).isEqualTo(1);
        assertThat(connects).extracting(LinkStatus::activeNetworkProfile).containsExactly(1, 1);
    }

    @Test
    void B10_FR08_afterTheFallbackFailsTooTheListStartsAgain() throws Exception {
        TestConfig cfg = config();
        start(cfg);
        awaitConnectedTo(csms1, 1);
        csms2.refuseConnections = true;
        reconfigure(cfg.with("networkProfile.2", json(csms2.url(), 1)).with("networkConfigurationPriority", "2"));

        csms1.refuseConnections = true;
        csms1.drop();
        await().atMost(10, SECONDS).until(() -> csms2.handshakes.size() >= 4);
        assertThat(csms1.handshakes.size()).as("fallback attempts on slot 1 between the rounds").isGreaterThanOrEqualTo(3);

        csms2.refuseConnections = false;
        awaitConnectedTo(csms2, 1);
        assertThat(link.activeNetworkProfile()).isEqualTo(2);
    }

    @Test
    void B09_overwritingTheSlotInUseTakesEffectAfterARestart() {
        TestConfig cfg = config().with("networkProfile.1", json(csms1.url(), 1));
        start(cfg);
        awaitConnectedTo(csms1, 1);

        reconfigure(cfg.with("networkProfile.1", json(csms2.url(), 1)));
        csms1.drop();
        awaitConnectedTo(csms1, 2);
        assertThat(csms2.handshakes).as("still the profile it connected with").isEmpty();

        link.deactivate();
        start(cfg);
        awaitConnectedTo(csms2, 1);
        assertThat(link.activeNetworkProfile()).isEqualTo(1);
    }

    @Test
    void B09_setNetworkProfileOverTheWire() throws Exception {
        start(config());
        awaitConnectedTo(csms1, 1);
        Fakes.Store store = new Fakes.Store().with("csmsUrl", csms1.url());
        SetNetworkProfileHandler handler = new SetNetworkProfileHandler(store);
        link.addHandler(handler, java.util.Map.of());
        link.addListener(handler);

        csms1.send("[2,\"a\",\"SetNetworkProfile\",{\"configurationSlot\":2,\"connectionData\":{\"ocppVersion\":"
                + "\"OCPP20\",\"ocppTransport\":\"JSON\",\"ocppCsmsUrl\":\"" + csms2.url() + "\",\"messageTimeout\":30,"
                + "\"securityProfile\":1,\"ocppInterface\":\"Wired0\"}}]");
        JsonNode accepted = csms1.next();
        assertThat(accepted.toString()).isEqualTo("[3,\"a\",{\"status\":\"Accepted\"}]");
        assertThat(NetworkProfiles.from(store.props).profile(2).orElseThrow().ocppCsmsUrl()).isEqualTo(csms2.url());

        csms1.send("[2,\"b\",\"SetNetworkProfile\",{\"configurationSlot\":7,\"connectionData\":{\"ocppVersion\":"
                + "\"OCPP20\",\"ocppTransport\":\"JSON\",\"ocppCsmsUrl\":\"" + csms2.url() + "\",\"messageTimeout\":30,"
                + "\"securityProfile\":1,\"ocppInterface\":\"Wired0\"}}]");
        JsonNode rejected = csms1.next();
        assertThat(rejected.get(2).get("status").asText()).isEqualTo("Rejected");
        assertThat(rejected.get(2).get("statusInfo").get("reasonCode").asText()).isEqualTo("InvalidConfSlot");
    }

    @Test
    void securityProfileIsThatOfTheConnectedProfile() {
        start(config());
        awaitConnectedTo(csms1, 1);
        assertThat(link.securityProfile()).isEqualTo(1);
        assertThat(link.status().securityProfile()).isEqualTo(1);
    }

    // ---------------------------------------------------------------- live settings

    @Test
    void webSocketPingIntervalChangeAppliesWithoutReconnecting() throws Exception {
        TestConfig cfg = config().with("webSocketPingIntervalSeconds", 0);
        start(cfg);
        awaitConnectedTo(csms1, 1);
        Thread.sleep(1500);
        assertThat(csms1.pings.get()).as("0 = no client pings").isZero();

        reconfigure(cfg.with("webSocketPingIntervalSeconds", 1));
        await().atMost(5, SECONDS).until(() -> csms1.pings.get() >= 2);
        assertThat(csms1.connections.get()).isEqualTo(1);
        assertThat(csms1.handshakes).hasSize(1);
    }

    @Test
    void backOffAndAttemptsChangesApplyWithoutReconnecting() throws Exception {
        TestConfig cfg = config();
        start(cfg);
        awaitConnectedTo(csms1, 1);
        reconfigure(cfg.with("retryBackOffWaitMinimumSeconds", 1).with("retryBackOffRepeatTimes", 1)
                .with("networkProfileConnectionAttempts", 5));
        assertThat(csms1.poll(500)).isNull();
        assertThat(csms1.handshakes).hasSize(1);
    }

    // ---------------------------------------------------------------- A01 and secrets

    @Test
    void A01_newPasswordIsUsedAtOnceAndNeverLogged() throws Exception {
        String oldPassword = "Old-Passw0rd-1234567";
        String newPassword = "New-Passw0rd-7654321";
        LoggerContext logs = (LoggerContext) LoggerFactory.getILoggerFactory();
        ListAppender<ILoggingEvent> captured = new ListAppender<>();
        captured.setContext(logs);
        captured.start();
        Logger root = logs.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        Logger ours = logs.getLogger("io.galvani.ocpp.rpc");
        Logger messages = logs.getLogger("ocpp.messages");
        Level oursBefore = ours.getLevel();
        Level messagesBefore = messages.getLevel();
        ours.setLevel(Level.TRACE);
        messages.setLevel(Level.TRACE);
        root.addAppender(captured);
        try {
            TestConfig cfg = config().with("_basicAuthPassword", oldPassword);
            start(cfg);
            awaitConnectedTo(csms1, 1);
            reconfigure(cfg.with("_basicAuthPassword", newPassword));
            awaitConnectedTo(csms1, 2);

            assertThat(csms1.handshakes.get(0).authorization()).isEqualTo(basic(oldPassword));
            assertThat(csms1.handshakes.get(1).authorization()).as("reconnected with the new password")
                    .isEqualTo(basic(newPassword));
            assertThat(link.status().toString()).doesNotContain(oldPassword).doesNotContain(newPassword);
        } finally {
            root.detachAppender(captured);
            ours.setLevel(oursBefore);
            messages.setLevel(messagesBefore);
        }
        assertThat(captured.list).isNotEmpty();
        assertThat(captured.list).extracting(ILoggingEvent::getFormattedMessage)
                .anySatisfy(m -> assertThat(m).isEqualTo("BasicAuthPassword changed"))
                .allSatisfy(m -> assertThat(m).doesNotContain(oldPassword).doesNotContain(newPassword)
                        .doesNotContain(basic(oldPassword).substring(6)).doesNotContain(basic(newPassword).substring(6)));
    }

    @Test
    void A01_setVariablesIsAnsweredBeforeTheStationReconnectsWithTheNewPassword() throws Exception {
        String newPassword = "New-Passw0rd-7654321";
        TestConfig cfg = config().with("_basicAuthPassword", "Old-Passw0rd-1234567");
        start(cfg);
        awaitConnectedTo(csms1, 1);
        // the device model stores the value in Config Admin while handling SetVariables; DS then calls
        // @Modified, at the earliest while the handler still runs
        link.addHandler(OcppRpcLinkTest.handler(SetVariablesRequest.class, (q, c) -> {
            cfg.with("_basicAuthPassword", newPassword);
            reconfigure(cfg);
            return SetVariablesResponse.of(List.of(SetVariableResultType.of(SetVariableStatusEnumType.Accepted,
                    ComponentType.of("SecurityCtrlr"), VariableType.of("BasicAuthPassword"))));
        }), java.util.Map.of());

        csms1.send("[2,\"sv\",\"SetVariables\",{\"setVariableData\":[{\"attributeValue\":\"" + newPassword
                + "\",\"component\":{\"name\":\"SecurityCtrlr\"},\"variable\":{\"name\":\"BasicAuthPassword\"}}]}]");

        JsonNode answer = csms1.next();
        assertThat(answer.get(0).asInt()).as("the CALLRESULT arrives on the old connection").isEqualTo(3);
        assertThat(answer.get(1).asText()).isEqualTo("sv");
        awaitConnectedTo(csms1, 2);
        assertThat(csms1.handshakes.get(1).authorization()).isEqualTo(basic(newPassword));
    }

    @Test
    void A01_aNewPasswordTheCsmsRefuses_theStationConnectsWithThePreviousOne_whichStays() throws Exception {
        String oldPassword = "Old-Passw0rd-1234567";
        String newPassword = "New-Passw0rd-7654321";
        csms1.requiredAuthorization = basic(oldPassword); // this CSMS did not take the change
        TestConfig cfg = config().with("_basicAuthPassword", oldPassword);
        start(cfg);
        awaitConnectedTo(csms1, 1);

        reconfigure(cfg.with("_basicAuthPassword", newPassword));
        awaitConnectedTo(csms1, 2);

        assertThat(csms1.handshakes).extracting(FakeCsms.Handshake::authorization)
                .containsExactly(basic(oldPassword), basic(newPassword), basic(oldPassword));
        // The station keeps the working password: the next reconnection uses it at once.
        csms1.drop();
        awaitConnectedTo(csms1, 3);
        assertThat(csms1.handshakes.get(csms1.handshakes.size() - 1).authorization()).isEqualTo(basic(oldPassword));
    }

    private static String basic(String password) {
        return "Basic " + Base64.getEncoder().encodeToString(("GALVANI-0001:" + password).getBytes(StandardCharsets.UTF_8));
    }
}
