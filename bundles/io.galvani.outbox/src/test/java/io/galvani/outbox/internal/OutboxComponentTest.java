package io.galvani.outbox.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletionStage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.BundleContext;

import io.galvani.hal.sim.testing.Configs;
import io.galvani.ocpp.api.LinkStatus;
import io.galvani.ocpp.model.OcppResponse;
import io.galvani.outbox.api.MessageKind;
import io.galvani.outbox.api.OutboxCommit;

/** The DS component with its real thread: data dir, lifecycle, refusal of a newer store. */
class OutboxComponentTest {
    @TempDir
    Path dataDir;

    private BundleContext context() {
        return (BundleContext) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] { BundleContext.class },
                (proxy, method, args) -> switch (method.getName()) {
                    case "getProperty" -> OutboxComponent.DATA_DIR_PROPERTY.equals(args[0]) ? dataDir.toString() : null;
                    case "toString" -> "test context";
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private static long outboxThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals("galvani-outbox")).count();
    }

    @Test
    void storesInTheDataDirDeliversOnItsThreadAndLeavesNothingBehind() throws Exception {
        LinkWatch watch = new LinkWatch();
        OutboxComponent outbox = new OutboxComponent(context(), Configs.defaults(OutboxConfig.class), watch);
        FakeLink link = new FakeLink();
        link.connected = false;
        outbox.setLink(link);
        CompletionStage<OcppResponse> stage = outbox.commit(OutboxCommit.builder()
                .message(Messages.started(1), MessageKind.TRANSACTION).put("tx", "seqNo", "2").build()).get(0);
        assertThat(dataDir.resolve("outbox").resolve("outbox.db")).exists();

        link.connected = true;
        watch.connected(link.status());
        await().atMost(Duration.ofSeconds(10)).until(() -> link.count() == 1);
        link.accept();
        await().atMost(Duration.ofSeconds(10)).until(() -> stage.toCompletableFuture().isDone());
        assertThat(outbox.status().delivered()).isEqualTo(1);
        assertThat(outbox.state("tx")).containsExactly(Map.entry("seqNo", "2"));
        assertThat(OutboxCommands.format(outbox.status(), Messages.T0)).contains("0 of 100000 queued")
                .contains("1 delivered");

        outbox.deactivate();
        outbox.unsetLink(link);
        assertThat(outboxThreads()).as("no thread left").isZero();
        // Closed: another instance may open the file.
        try (SqliteStore store = SqliteStore.open(dataDir.resolve("outbox").resolve("outbox.db"))) {
            assertThat(store.count()).isZero();
        }
    }

    @Test
    void restartingTheComponentDeliversWhatWasLeft() {
        OutboxComponent first = new OutboxComponent(context(), Configs.defaults(OutboxConfig.class), new LinkWatch());
        first.commit(OutboxCommit.of(Messages.started(1), MessageKind.TRANSACTION));
        first.deactivate();

        OutboxComponent second = new OutboxComponent(context(), Configs.defaults(OutboxConfig.class), new LinkWatch());
        FakeLink link = new FakeLink();
        second.setLink(link);
        await().atMost(Duration.ofSeconds(10)).until(() -> link.count() == 1);
        second.deactivate();
    }

    @Test
    void aStoreWrittenByANewerGalvaniStopsTheActivationAndStaysUntouched() throws Exception {
        Path file = dataDir.resolve("outbox").resolve("outbox.db");
        SqliteStore.open(file).close();
        try (Connection c = SqliteStoreTest.plain(file); Statement s = c.createStatement()) {
            s.execute("PRAGMA user_version = 7");
        }
        byte[] before = Files.readAllBytes(file);
        long threads = outboxThreads();
        assertThatThrownBy(() -> new OutboxComponent(context(), Configs.defaults(OutboxConfig.class), new LinkWatch()))
                .isInstanceOf(SchemaTooNewException.class)
                .hasMessageContaining("outbox.db has schema version 7, this Galvani supports up to 2");
        assertThat(Files.readAllBytes(file)).isEqualTo(before);
        assertThat(outboxThreads()).isEqualTo(threads);
    }

    @Test
    void configurationChangesApplyLive() {
        OutboxComponent outbox = new OutboxComponent(context(), Configs.defaults(OutboxConfig.class), new LinkWatch());
        try {
            outbox.modified(Configs.of(OutboxConfig.class, Map.of("capacity", "7", "messageAttempts", "0")));
            assertThat(outbox.status().capacity()).isEqualTo(7);
        } finally {
            outbox.deactivate();
        }
    }

    @Test
    void theLinkWatchTellsEveryConnectionUntilUnsubscribed() throws Exception {
        LinkWatch watch = new LinkWatch();
        int[] told = new int[1];
        AutoCloseable subscription = watch.subscribe(() -> told[0]++);
        LinkStatus up = new LinkStatus(true, "ws://x", 1, null, 0, null);
        watch.connected(up);
        watch.disconnected(up);
        watch.connected(up);
        subscription.close();
        watch.connected(up);
        assertThat(told[0]).isEqualTo(2);
    }
}
