package io.galvani.ocpp.rpc.internal;

import static io.galvani.ocpp.rpc.internal.Fakes.profile;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.galvani.ocpp.api.LinkStatus;
import io.galvani.ocpp.model.messages.SetNetworkProfileRequest;
import io.galvani.ocpp.model.messages.SetNetworkProfileResponse;
import io.galvani.ocpp.model.types.NetworkConnectionProfileType;
import io.galvani.ocpp.model.types.SetNetworkProfileStatusEnumType;

/** SetNetworkProfile (B09, errata 2025-09 reason codes) and the A05.FR.06 clean-up. */
class SetNetworkProfileHandlerTest {
    private final Fakes.Store store = new Fakes.Store().with("csmsUrl", "ws://csms-a/ocpp");
    private final SetNetworkProfileHandler handler = new SetNetworkProfileHandler(store);

    /** The transport tells its listeners about each connection: slot and security profile. */
    private void connectedWith(int slot, int securityProfile) {
        store.writes = 0;
        handler.connected(new LinkStatus(true, "ws://x/ocpp/CS-1", securityProfile, Instant.EPOCH, 0, null, slot));
        store.writes = 0;
    }

    private SetNetworkProfileResponse send(int slot, NetworkConnectionProfileType p) {
        return handler.handle(SetNetworkProfileRequest.of(slot, p), null);
    }

    @Test
    void B09_FR01_validProfileIsStoredAndAccepted() {
        SetNetworkProfileResponse r = send(2, profile("ws://csms-b:9000/ocpp", 1));

        assertThat(r.status()).isEqualTo(SetNetworkProfileStatusEnumType.Accepted);
        assertThat(r.statusInfo()).isNull();
        NetworkProfiles np = NetworkProfiles.from(store.props);
        assertThat(np.profile(2).orElseThrow().ocppCsmsUrl()).isEqualTo("ws://csms-b:9000/ocpp");
        assertThat(np.profile(1).orElseThrow().ocppCsmsUrl()).as("slot 1 untouched").isEqualTo("ws://csms-a/ocpp");
        assertThat(np.priority()).as("priority untouched (B10 changes it)").containsExactly(1);
    }

    @Test
    void B09_higherSecurityProfileIsAccepted() {
        assertThat(send(3, profile("wss://csms-b/ocpp", 2)).status()).isEqualTo(SetNetworkProfileStatusEnumType.Accepted);
    }

    @Test
    void B09_slotInUseMayBeOverwritten() {
        connectedWith(1, 1);
        assertThat(send(1, profile("ws://csms-c/ocpp", 1)).status()).isEqualTo(SetNetworkProfileStatusEnumType.Accepted);
        assertThat(NetworkProfiles.from(store.props).profile(1).orElseThrow().ocppCsmsUrl())
                .isEqualTo("ws://csms-c/ocpp");
    }

    @Test
    void B09_FR05_slotOutsideValuesListIsInvalidConfSlot() {
        for (int slot : new int[] { 0, 4, -1 }) {
            SetNetworkProfileResponse r = send(slot, profile("ws://csms-b/ocpp", 1));
            assertThat(r.status()).isEqualTo(SetNetworkProfileStatusEnumType.Rejected);
            assertThat(r.statusInfo().reasonCode()).isEqualTo("InvalidConfSlot");
            assertThat(r.statusInfo().additionalInfo()).contains("configurationSlot " + slot).contains("1,2,3");
        }
        store.with("networkProfileSlots", 5);
        assertThat(send(5, profile("ws://csms-b/ocpp", 1)).status()).isEqualTo(SetNetworkProfileStatusEnumType.Accepted);
        assertThat(store.writes).isEqualTo(1);
    }

    @Test
    void B09_FR04_lowerSecurityProfileIsNoSecurityDowngrade() {
        store.with("networkProfile.1", json("wss://csms-a/ocpp", 2));
        connectedWith(1, 2);
        SetNetworkProfileResponse r = send(2, profile("ws://csms-b/ocpp", 1));

        assertThat(r.status()).isEqualTo(SetNetworkProfileStatusEnumType.Rejected);
        assertThat(r.statusInfo().reasonCode()).isEqualTo("NoSecurityDowngrade");
        assertThat(r.statusInfo().additionalInfo()).isEqualTo("securityProfile 1 is lower than the current security profile 2");
        store.with("networkProfile.1", json("wss://csms-a/ocpp", 3));
        connectedWith(1, 3);
        assertThat(send(2, profile("wss://csms-b/ocpp", 2)).statusInfo().reasonCode()).isEqualTo("NoSecurityDowngrade");
        assertThat(store.writes).isZero();
    }

    @Test
    void B09_FR04_beforeAnyConnectionTheFirstSlotsProfileCounts() {
        store.with("networkProfile.2", json("wss://csms-b/ocpp", 2)).with("networkConfigurationPriority", "2,1");
        assertThat(send(3, profile("ws://csms-c/ocpp", 1)).statusInfo().reasonCode()).isEqualTo("NoSecurityDowngrade");
    }

    private static String json(String url, int sp) {
        return NetworkProfiles.encode(profile(url, sp));
    }

    @Test
    void B09_FR02_invalidContentIsInvalidNetworkConf() {
        SetNetworkProfileResponse r = send(2, profile("ws://csms-b/ocpp", 2));

        assertThat(r.status()).isEqualTo(SetNetworkProfileStatusEnumType.Rejected);
        assertThat(r.statusInfo().reasonCode()).isEqualTo("InvalidNetworkConf");
        assertThat(r.statusInfo().additionalInfo()).isEqualTo("securityProfile 2 needs a wss:// URL");
        assertThat(send(2, profile("wss://csms-b/ocpp", 1)).statusInfo().reasonCode()).isEqualTo("InvalidNetworkConf");
        assertThat(send(2, profile("tcp://csms-b", 1)).statusInfo().reasonCode()).isEqualTo("InvalidNetworkConf");
        assertThat(store.writes).isZero();
    }

    @Test
    void B09_FR03_storageFailureIsFailed() {
        store.failWrites = true;
        SetNetworkProfileResponse r = send(2, profile("ws://csms-b/ocpp", 1));
        assertThat(r.status()).isEqualTo(SetNetworkProfileStatusEnumType.Failed);
        assertThat(r.statusInfo().reasonCode()).isEqualTo("InternalError");
    }

    @Test
    void A05_FR06_afterConnectingWithAHigherProfileTheLowerOnesAreRemoved() {
        store.with("networkProfile.2", NetworkProfiles.encode(profile("wss://csms-b/ocpp", 2)))
                .with("networkProfile.3", NetworkProfiles.encode(profile("wss://csms-c/ocpp", 3)))
                .with("networkConfigurationPriority", "2,1,3");

        handler.connected(new LinkStatus(true, "wss://csms-b/ocpp/CS-1", 2, Instant.EPOCH, 0, null, 2));

        NetworkProfiles np = NetworkProfiles.from(store.props);
        assertThat(np.profile(1)).as("slot 1 (security profile 1, from csmsUrl) removed").isEmpty();
        assertThat(store.props).containsEntry("networkProfile.1", "");
        assertThat(np.profile(2)).isPresent();
        assertThat(np.profile(3)).isPresent();
        assertThat(store.props).containsEntry("networkConfigurationPriority", "2,3");
    }

    @Test
    void A05_connectingWithTheLowestProfileRemovesNothing() {
        store.with("networkProfile.2", NetworkProfiles.encode(profile("wss://csms-b/ocpp", 2)));
        handler.connected(new LinkStatus(true, "ws://csms-a/ocpp/CS-1", 1, Instant.EPOCH, 0, null, 1));
        assertThat(store.writes).isZero();
    }
}
