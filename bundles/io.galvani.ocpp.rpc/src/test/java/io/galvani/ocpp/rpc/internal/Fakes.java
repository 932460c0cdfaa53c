package io.galvani.ocpp.rpc.internal;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

import io.galvani.ocpp.model.types.NetworkConnectionProfileType;
import io.galvani.ocpp.model.types.OCPPInterfaceEnumType;
import io.galvani.ocpp.model.types.OCPPTransportEnumType;
import io.galvani.ocpp.model.types.OCPPVersionEnumType;

/** In-memory stand-ins for Config Admin and the transport. */
final class Fakes {
    private Fakes() {
    }

    static NetworkConnectionProfileType profile(String url, int securityProfile) {
        return NetworkConnectionProfileType.of(OCPPVersionEnumType.OCPP20, OCPPTransportEnumType.JSON, url, 30,
                securityProfile, OCPPInterfaceEnumType.Wired0);
    }

    /** The transport's configuration as a map; {@link #failWrites} makes writes throw. */
    static final class Store implements TransportConfigStore {
        final Map<String, Object> props = new HashMap<>();
        volatile boolean failWrites;
        int writes;

        Store with(String key, Object value) {
            props.put(key, value);
            return this;
        }

        @Override
        public synchronized Map<String, Object> read() {
            return new HashMap<>(props);
        }

        @Override
        public synchronized void write(Map<String, Object> changes) throws IOException {
            if (failWrites) {
                throw new IOException("disk full");
            }
            writes++;
            props.putAll(changes);
        }
    }

    static final class State implements NetworkState {
        volatile int activeSlot = 1;
        volatile int securityProfile = 1;
        volatile int messageTimeout = 30;
        volatile String stationId = "CS-1";
        volatile boolean csmsRoot;
        volatile boolean stationCert;

        @Override
        public int activeNetworkProfile() {
            return activeSlot;
        }

        @Override
        public int securityProfile() {
            return securityProfile;
        }

        @Override
        public int messageTimeoutSeconds() {
            return messageTimeout;
        }

        @Override
        public String stationId() {
            return stationId;
        }

        @Override
        public boolean csmsRootCertificateInstalled() {
            return csmsRoot;
        }

        @Override
        public boolean stationCertificateInstalled() {
            return stationCert;
        }
    }
}
