package io.galvani.devicemodel.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import io.galvani.devicemodel.api.DeviceModelContribution;
import io.galvani.devicemodel.api.VariableDefinition;
import io.galvani.hal.sim.testing.Configs;
import io.galvani.ocpp.api.InboundCall;
import io.galvani.ocpp.api.LinkStatus;
import io.galvani.ocpp.api.OcppLink;
import io.galvani.ocpp.model.OcppRequest;
import io.galvani.ocpp.model.OcppResponse;

/** A device model over an in-memory store, with helpers to contribute and to fake the link. */
final class Fixture {
    final MapStore store = new MapStore();
    final DeviceModelService model;
    private long nextId = 1;

    Fixture() {
        this(Map.of());
    }

    Fixture(Map<String, Object> config) {
        model = new DeviceModelService(store, Configs.of(DeviceModelConfig.class, config));
        model.contribute(new DeviceModelService.Precedence(0, nextId++), new DeviceDataContribution(), "test");
    }

    DeviceModelService.Precedence contribute(int ranking, VariableDefinition... defs) {
        DeviceModelService.Precedence p = new DeviceModelService.Precedence(ranking, nextId++);
        DeviceModelContribution c = () -> List.of(defs);
        model.contribute(p, c, "test");
        return p;
    }

    /** Config Admin stand-in: counts updates per PID, and can be told to fail one. */
    static final class MapStore implements ValueStore {
        final Map<String, Map<String, Object>> configs = new HashMap<>();
        final List<String> updates = new ArrayList<>();
        String failing;

        @Override
        public synchronized Object get(String pid, String property) {
            Map<String, Object> c = configs.get(pid);
            return c == null ? null : c.get(property);
        }

        @Override
        public synchronized void put(String pid, Map<String, Object> values) throws IOException {
            if (pid.equals(failing)) {
                throw new IOException("disk full");
            }
            updates.add(pid);
            configs.computeIfAbsent(pid, p -> new HashMap<>()).putAll(values);
        }

        @Override
        public void invalidate(String pid) {
        }
    }

    /** An InboundCall that runs after-response tasks when told to. */
    static final class Call implements InboundCall {
        final List<Runnable> after = new ArrayList<>();
        /** What the transport would count; -1 = unknown, the handlers serialise themselves. */
        int messageBytes = -1;

        @Override
        public int messageBytes() {
            return messageBytes;
        }

        @Override
        public String messageId() {
            return "m1";
        }

        @Override
        public String action() {
            return "Test";
        }

        @Override
        public void afterResponse(Runnable task) {
            after.add(task);
        }

        void respond() {
            after.forEach(Runnable::run);
        }
    }

    /** An OcppLink that records what is sent and answers everything with an empty response. */
    static final class RecordingLink implements OcppLink {
        final List<OcppRequest<?>> sent = new ArrayList<>();

        @Override
        public synchronized <R extends OcppResponse> CompletionStage<R> call(OcppRequest<R> request) {
            sent.add(request);
            return new CompletableFuture<>();
        }

        @Override
        public LinkStatus status() {
            return new LinkStatus(true, "ws://test", 1, java.time.Instant.EPOCH, 0, null);
        }

        @Override
        public void gateChanged() {
        }
    }
}
