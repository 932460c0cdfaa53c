package io.galvani.ocpp.rpc.internal;

import static io.galvani.ocpp.rpc.internal.Fakes.profile;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.galvani.ocpp.model.types.APNAuthenticationEnumType;
import io.galvani.ocpp.model.types.APNType;
import io.galvani.ocpp.model.types.NetworkConnectionProfileType;
import io.galvani.ocpp.model.types.OCPPInterfaceEnumType;
import io.galvani.ocpp.model.types.OCPPTransportEnumType;
import io.galvani.ocpp.model.types.OCPPVersionEnumType;

/** Reading the slots from the configuration, and what a CSMS-sent profile must look like (B09). */
class NetworkProfilesTest {

    @Test
    void existingInstallsGetSlot1FromTheFlatProperties() {
        NetworkProfiles np = NetworkProfiles.from(Map.of("csmsUrl", "ws://csms:9000/ocpp", "securityProfile", "1",
                "messageTimeoutSeconds", 45));

        assertThat(np.slotCount()).isEqualTo(3);
        assertThat(np.valuesList()).containsExactly("1", "2", "3");
        assertThat(np.priority()).containsExactly(1);
        assertThat(np.attempts()).isEqualTo(3);
        assertThat(np.slot1Derived()).isTrue();
        NetworkConnectionProfileType p = np.profile(1).orElseThrow();
        assertThat(p.ocppCsmsUrl()).isEqualTo("ws://csms:9000/ocpp");
        assertThat(p.messageTimeout()).isEqualTo(45);
        assertThat(p.securityProfile()).isEqualTo(1);
        assertThat(p.ocppVersion()).isEqualTo(OCPPVersionEnumType.OCPP20);
        assertThat(np.plan()).containsExactly(1);
    }

    @Test
    void explicitSlotsOverrideAndEmptyStringEmptiesASlot() {
        Map<String, Object> props = new HashMap<>();
        props.put("csmsUrl", "ws://old/ocpp");
        props.put("networkProfileSlots", 4);
        props.put("networkProfile.1", "");
        props.put("networkProfile.2", NetworkProfiles.encode(profile("wss://new/ocpp", 2)));
        props.put("networkProfile.3", "{not json");
        props.put("networkProfile.4", NetworkProfiles.encode(profile("ws://four/ocpp", 2))); // unusable: SP2 over ws
        props.put("networkConfigurationPriority", "3, 2,x,9,2,1,4");
        props.put("networkProfileConnectionAttempts", "2");

        NetworkProfiles np = NetworkProfiles.from(props);

        assertThat(np.profile(1)).isEmpty();
        assertThat(np.profile(2).orElseThrow().ocppCsmsUrl()).isEqualTo("wss://new/ocpp");
        assertThat(np.unreadable(3)).isPresent();
        assertThat(np.priority()).as("numbers in range, each once").containsExactly(3, 2, 1, 4);
        assertThat(np.plan()).as("only slots the transport can use").containsExactly(2);
        assertThat(np.attempts()).isEqualTo(2);
        assertThat(np.whyNoPlan()).contains("slot 3: its profile cannot be read").contains("slot 1")
                .contains("slot 4: securityProfile 2 needs TLS");
    }

    @Test
    void profileJsonRoundTrips() {
        NetworkConnectionProfileType p = profile("wss://csms.example.com/ocpp", 2);
        assertThat(NetworkProfiles.decode(NetworkProfiles.encode(p))).isEqualTo(p);
    }

    @Test
    void B09_validProfilesPass() {
        assertThat(NetworkProfiles.invalid(profile("ws://csms:9000/ocpp", 1))).isEmpty();
        assertThat(NetworkProfiles.invalid(profile("wss://csms.example.com/ocpp/v201", 2))).isEmpty();
        assertThat(NetworkProfiles.invalid(profile("wss://csms.example.com", 3))).isEmpty();
    }

    @Test
    void B09_invalidProfilesSayWhy() {
        assertThat(NetworkProfiles.invalid(NetworkConnectionProfileType.of(OCPPVersionEnumType.OCPP16,
                OCPPTransportEnumType.JSON, "ws://a/ocpp", 30, 1, OCPPInterfaceEnumType.Wired0)))
                .contains("ocppVersion must be OCPP20, not OCPP16");
        assertThat(NetworkProfiles.invalid(NetworkConnectionProfileType.of(OCPPVersionEnumType.OCPP20,
                OCPPTransportEnumType.SOAP, "ws://a/ocpp", 30, 1, OCPPInterfaceEnumType.Wired0)))
                .contains("ocppTransport must be JSON, not SOAP");
        assertThat(NetworkProfiles.invalid(profile("ws://a/ocpp", 2))).contains("securityProfile 2 needs a wss:// URL");
        assertThat(NetworkProfiles.invalid(profile("ws://a/ocpp", 3))).contains("securityProfile 3 needs a wss:// URL");
        assertThat(NetworkProfiles.invalid(profile("wss://a/ocpp", 1)))
                .contains("securityProfile 1 (unsecured transport) needs a ws:// URL");
        assertThat(NetworkProfiles.invalid(profile("wss://a/ocpp", 4))).contains("securityProfile must be 1, 2 or 3, not 4");
        assertThat(NetworkProfiles.invalid(profile("wss://a/ocpp", 0))).isPresent();
        assertThat(NetworkProfiles.invalid(profile("http://a/ocpp", 1))).contains("ocppCsmsUrl must start with ws:// or wss://");
        assertThat(NetworkProfiles.invalid(profile("ws:// bad url", 1))).contains("ocppCsmsUrl is not a valid URL");
        assertThat(NetworkProfiles.invalid(profile("ws:///ocpp", 1))).contains("ocppCsmsUrl has no host");
        assertThat(NetworkProfiles.invalid(profile("ws://u:p@a/ocpp", 1))).isPresent();
        assertThat(NetworkProfiles.invalid(profile("ws://a/ocpp?x=1", 1))).isPresent();
        assertThat(NetworkProfiles.invalid(NetworkConnectionProfileType.of(OCPPVersionEnumType.OCPP20,
                OCPPTransportEnumType.JSON, "ws://a/ocpp", 0, 1, OCPPInterfaceEnumType.Wired0)))
                .contains("messageTimeout must be at least 1 second, not 0");
        assertThat(NetworkProfiles.invalid(profile("ws://a/ocpp", 1)
                .withApn(APNType.of("internet", APNAuthenticationEnumType.AUTO)))).contains(
                        "apn is not supported: the station has no cellular modem");
    }
}
