package io.galvani.authorization.internal;

import static io.galvani.authorization.internal.TestStation.card;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ch.qos.logback.classic.Level;
import io.galvani.authorization.api.AuthorizationSource;
import io.galvani.ocpp.api.InboundCall;
import io.galvani.ocpp.model.messages.ClearCacheRequest;
import io.galvani.ocpp.model.messages.ClearCacheResponse;
import io.galvani.ocpp.model.types.AuthorizationStatusEnumType;
import io.galvani.ocpp.model.types.ClearCacheStatusEnumType;
import io.galvani.ocpp.model.types.IdTokenInfoType;
import io.galvani.ocpp.model.types.IdTokenType;
import io.galvani.ocpp.testing.OcppSchemas;

/** ClearCache (C11), TC_C_37 and TC_C_38. */
class ClearCacheHandlerTest {
    private static final IdTokenType CARD = card("04A2B3C4D5E6F7");
    private static final InboundCall CALL = new InboundCall() {
        @Override
        public String messageId() {
            return "clear-1";
        }

        @Override
        public String action() {
            return "ClearCache";
        }

        @Override
        public void afterResponse(Runnable task) {
            task.run();
        }
    };

    @TempDir
    Path dir;

    @Test
    void TC_C_37_clearsTheCacheInMemoryAndOnDiskAndAnswersAccepted() throws IOException {
        TestStation station = new TestStation(dir).with("localPreAuthorize", true).start();
        station.service.idTokenInfoReceived(CARD, IdTokenInfoType.of(AuthorizationStatusEnumType.Accepted));
        station.scheduler.runDue();
        assertThat(new CacheFile(station.cacheFile).load().orElseThrow().entries()).hasSize(1);

        ClearCacheResponse response = clear(station);

        assertThat(response.status()).isEqualTo(ClearCacheStatusEnumType.Accepted);
        assertThat(response.statusInfo()).isNull();
        assertThat(new CacheFile(station.cacheFile).load().orElseThrow().entries()).as("C11.FR.03: on disk too")
                .isEmpty();
        station.link.answer(AuthorizationStatusEnumType.Accepted);
        assertThat(station.authorize(CARD, 1).source()).as("TC_C_37 step 5: asked again")
                .isEqualTo(AuthorizationSource.CSMS);
    }

    @Test
    void TC_C_38_rejectedWhileTheCacheIsDisabledAndTheContentStays() {
        TestStation station = new TestStation(dir).start();
        station.service.idTokenInfoReceived(CARD, IdTokenInfoType.of(AuthorizationStatusEnumType.Accepted));
        station.set("cacheEnabled", false);

        ClearCacheResponse response = clear(station);

        assertThat(response.status()).isEqualTo(ClearCacheStatusEnumType.Rejected);
        assertThat(response.statusInfo().reasonCode()).isEqualTo("NotEnabled");
        station.set("cacheEnabled", true);
        station.offline();
        assertThat(station.authorize(CARD, 1).source()).isEqualTo(AuthorizationSource.CACHE);
    }

    @Test
    void C11_FR_05_rejectedWhenTheClearedCacheCannotBeStored() throws IOException {
        Files.writeString(dir.resolve("authorization"), "a file where the directory should be");
        TestStation station = new TestStation(dir).start();
        station.service.idTokenInfoReceived(CARD, IdTokenInfoType.of(AuthorizationStatusEnumType.Accepted));

        try (LogCapture log = new LogCapture()) {
            ClearCacheResponse response = clear(station);

            assertThat(response.status()).isEqualTo(ClearCacheStatusEnumType.Rejected);
            assertThat(response.statusInfo().reasonCode()).isEqualTo("InternalError");
            assertThat(log.at(Level.WARN)).anySatisfy(l -> assertThat(l).contains("Clearing"));
        }
    }

    private static ClearCacheResponse clear(TestStation station) {
        ClearCacheRequest request = ClearCacheRequest.of();
        OcppSchemas.requireValid("ClearCacheRequest", request);
        ClearCacheHandler handler = new ClearCacheHandler(station.service);
        assertThat(handler.requestType()).isEqualTo(ClearCacheRequest.class);
        ClearCacheResponse response = handler.handle(request, CALL);
        OcppSchemas.requireValid("ClearCacheResponse", response);
        return response;
    }
}
