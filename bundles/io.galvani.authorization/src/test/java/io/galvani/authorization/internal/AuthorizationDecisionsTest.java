package io.galvani.authorization.internal;

import static io.galvani.authorization.internal.TestStation.card;
import static io.galvani.ocpp.model.types.AuthorizationStatusEnumType.Accepted;
import static io.galvani.ocpp.model.types.AuthorizationStatusEnumType.Blocked;
import static io.galvani.ocpp.model.types.AuthorizationStatusEnumType.Invalid;
import static io.galvani.ocpp.model.types.AuthorizationStatusEnumType.NotAllowedTypeEVSE;
import static io.galvani.ocpp.model.types.AuthorizationStatusEnumType.Unknown;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import ch.qos.logback.classic.Level;
import io.galvani.authorization.api.AuthorizationResult;
import io.galvani.authorization.api.AuthorizationSource;
import io.galvani.ocpp.api.OcppCallException;
import io.galvani.ocpp.api.OcppConnectionException;
import io.galvani.ocpp.api.OcppTimeoutException;
import io.galvani.ocpp.model.OcppErrorCode;
import io.galvani.ocpp.model.PayloadViolation;
import io.galvani.ocpp.model.messages.AuthorizeResponse;
import io.galvani.ocpp.model.types.AuthorizationStatusEnumType;
import io.galvani.ocpp.model.types.IdTokenEnumType;
import io.galvani.ocpp.model.types.IdTokenInfoType;
import io.galvani.ocpp.model.types.IdTokenType;
import io.galvani.ocpp.model.types.MessageContentType;
import io.galvani.ocpp.model.types.MessageFormatEnumType;
import io.galvani.ocpp.testing.OcppSchemas;

/** Every way a decision can go (C01–C05, C10, C12, C15), through the component as the framework runs it. */
class AuthorizationDecisionsTest {
    private static final IdTokenType CARD = card("04A2B3C4D5E6F7");
    private static final IdTokenType OTHER = card("04FFEEDDCCBBAA");

    @TempDir
    Path dir;
    private TestStation station;

    @BeforeEach
    void setUp() {
        station = new TestStation(dir);
    }

    // ---- online, asking the CSMS (C01) ----

    @Test
    void C01_FR_02_unknownTokenIsAuthorizedByTheCsmsAndCached() {
        station.start();
        station.link.answer(IdTokenInfoType.of(Accepted).withGroupIdToken(card("GROUP-1")));

        AuthorizationResult r = station.authorize(CARD, 1);

        assertThat(r.accepted()).isTrue();
        assertThat(r.source()).isEqualTo(AuthorizationSource.CSMS);
        assertThat(r.offline()).isFalse();
        assertThat(r.info().groupIdToken()).isEqualTo(card("GROUP-1"));
        assertThat(station.link.authorizeRequests()).singleElement()
                .satisfies(q -> assertThat(q.idToken()).isEqualTo(CARD));
        // C10.FR.04: cached, so it is known offline
        station.offline();
        assertThat(station.authorize(CARD, 1).source()).isEqualTo(AuthorizationSource.CACHE);
    }

    @ParameterizedTest
    @EnumSource(value = AuthorizationStatusEnumType.class, names = "Accepted", mode = EnumSource.Mode.EXCLUDE)
    void C01_FR_07_aRefusalOfTheCsmsRefusesAndIsCachedWhateverItsStatus(AuthorizationStatusEnumType status) {
        station.start();
        station.link.answer(status);

        AuthorizationResult r = station.authorize(CARD, 1);

        assertThat(r.accepted()).isFalse();
        assertThat(r.status()).isEqualTo(status);
        assertThat(r.source()).isEqualTo(AuthorizationSource.CSMS);
        // C10.FR.01: every status is cached; offline the token is refused with it, not as unknown
        station.set("offlineTxForUnknownIdEnabled", true);
        station.offline();
        AuthorizationResult offline = station.authorize(CARD, 1);
        assertThat(offline.status()).isEqualTo(status);
        assertThat(offline.source()).isEqualTo(AuthorizationSource.CACHE);
        assertThat(offline.offline()).isTrue();
    }

    @Test
    void theAuthorizeRequestCarriesTheTokenAsPresentedIncludingAdditionalInfo() {
        station.start();
        IdTokenType withInfo = CARD.withAdditionalInfo(
                List.of(io.galvani.ocpp.model.types.AdditionalInfoType.of("CONTRACT-42", "contract")));
        station.link.answer(Accepted);

        station.authorize(withInfo, 0);

        assertThat(station.link.authorizeRequests().get(0).idToken()).isEqualTo(withInfo);
    }

    // ---- online with the cache (C10, C12) ----

    @Test
    void C12_FR_02_acceptedInTheCacheWithLocalPreAuthorizeChargesWithoutAsking() {
        station.with("localPreAuthorize", true).start();
        cacheAs(CARD, Accepted);

        AuthorizationResult r = station.authorize(CARD, 1);

        assertThat(r.accepted()).isTrue();
        assertThat(r.source()).isEqualTo(AuthorizationSource.CACHE);
        assertThat(r.offline()).isFalse();
        assertThat(station.link.authorizeRequests()).as("TC_C_08: no AuthorizeRequest").isEmpty();
    }

    @Test
    void TC_C_36_acceptedInTheCacheWithoutLocalPreAuthorizeIsAskedAndTheAnswerReplacesTheEntry() {
        station.start();
        cacheAs(CARD, Accepted);
        station.link.answer(Invalid);

        AuthorizationResult r = station.authorize(CARD, 1);

        assertThat(r.status()).isEqualTo(Invalid);
        assertThat(r.source()).isEqualTo(AuthorizationSource.CSMS);
        assertThat(station.link.authorizeRequests()).hasSize(1);
        station.offline();
        assertThat(station.authorize(CARD, 1).status()).as("cache updated (C10.FR.04)").isEqualTo(Invalid);
    }

    @Test
    void C10_FR_03_notAcceptedInTheCacheIsAskedAgainEvenWithLocalPreAuthorize() {
        station.with("localPreAuthorize", true).start();
        cacheAs(CARD, Invalid);
        station.link.answer(Accepted);

        AuthorizationResult r = station.authorize(CARD, 1);

        assertThat(r.accepted()).as("TC_C_12").isTrue();
        assertThat(r.source()).isEqualTo(AuthorizationSource.CSMS);
        assertThat(station.link.authorizeRequests()).hasSize(1);
        // and now Accepted in the cache: the next presentation needs no request
        assertThat(station.authorize(CARD, 1).source()).isEqualTo(AuthorizationSource.CACHE);
        assertThat(station.link.authorizeRequests()).hasSize(1);
    }

    @Test
    void TC_C_57_disablePostAuthorizeRefusesANotAcceptedEntryWithoutAsking() {
        station.with("localPreAuthorize", true).with("cacheDisablePostAuthorize", true).start();
        cacheAs(CARD, Blocked);

        AuthorizationResult r = station.authorize(CARD, 1);

        assertThat(r.status()).isEqualTo(Blocked);
        assertThat(r.source()).isEqualTo(AuthorizationSource.CACHE);
        assertThat(r.offline()).isFalse();
        assertThat(station.link.authorizeRequests()).isEmpty();
    }

    @Test
    void disablePostAuthorizeStillAsksForTokensTheCacheDoesNotKnow() {
        station.with("cacheDisablePostAuthorize", true).start();
        station.link.answer(Accepted);

        assertThat(station.authorize(CARD, 1).source()).isEqualTo(AuthorizationSource.CSMS);
        assertThat(station.link.authorizeRequests()).hasSize(1);
    }

    @Test
    void disableRemoteAuthorizationDecidesFromTheCacheOnlyAndRefusesUnknownTokens() {
        station.with("disableRemoteAuthorization", true).start();
        cacheAs(CARD, Accepted);
        cacheAs(OTHER, Blocked);

        AuthorizationResult cached = station.authorize(CARD, 1);
        AuthorizationResult blocked = station.authorize(OTHER, 1);
        AuthorizationResult unknown = station.authorize(card("0411111111111111"), 1);

        assertThat(cached.accepted()).as("even without LocalPreAuthorize").isTrue();
        assertThat(cached.source()).isEqualTo(AuthorizationSource.CACHE);
        assertThat(blocked.status()).isEqualTo(Blocked);
        assertThat(unknown.status()).isEqualTo(Unknown);
        assertThat(unknown.source()).isEqualTo(AuthorizationSource.LOCAL_REFUSAL);
        assertThat(unknown.offline()).isFalse();
        assertThat(station.link.authorizeRequests()).as("no AuthorizeRequest at all").isEmpty();
    }

    @Test
    void C10_FR_05_transactionEventResponsesUpdateTheCache() {
        station.with("localPreAuthorize", true).start();
        cacheAs(CARD, Accepted);

        station.service.idTokenInfoReceived(CARD, IdTokenInfoType.of(Blocked));
        station.link.answer(Blocked);

        AuthorizationResult r = station.authorize(CARD, 1);
        assertThat(r.source()).as("Blocked in the cache now: asked again (C10.FR.03)").isEqualTo(AuthorizationSource.CSMS);
        assertThat(r.status()).isEqualTo(Blocked);
    }

    @Test
    void C12_FR_06_aTransactionEventResponseAddsUnknownTokens() {
        station.start();
        station.service.idTokenInfoReceived(CARD, IdTokenInfoType.of(Accepted));
        station.scheduler.runDue();
        station.offline();

        assertThat(station.authorize(CARD, 1).source()).isEqualTo(AuthorizationSource.CACHE);
    }

    @Test
    void tokensAreCaseInsensitive() {
        station.with("localPreAuthorize", true).start();
        cacheAs(card("04a2b3c4d5e6f7"), Accepted);

        assertThat(station.authorize(card("04A2B3C4D5E6F7"), 1).source()).isEqualTo(AuthorizationSource.CACHE);
        station.link.answer(Accepted);
        assertThat(station.authorize(IdTokenType.of("04A2B3C4D5E6F7", IdTokenEnumType.ISO15693), 1).source())
                .as("another type is another token").isNotEqualTo(AuthorizationSource.CACHE);
    }

    @Test
    void thePersonalMessageIsNotCached() {
        station.with("localPreAuthorize", true).start();
        station.link.answer(IdTokenInfoType.of(Accepted)
                .withPersonalMessage(MessageContentType.of(MessageFormatEnumType.UTF8, "Balance 12.30 EUR")));
        assertThat(station.authorize(CARD, 1).info().personalMessage()).as("shown once").isNotNull();

        AuthorizationResult cached = station.authorize(CARD, 1);

        assertThat(cached.source()).isEqualTo(AuthorizationSource.CACHE);
        assertThat(cached.info().personalMessage()).isNull();
    }

    // ---- EVSE restrictions (C01.FR.19–21) ----

    @Test
    void C01_FR_21_acceptedOnlyForOtherEvsesIsRefusedHere() {
        station.with("localPreAuthorize", true).start();
        station.link.answer(IdTokenInfoType.of(Accepted).withEvseId(List.of(2)));

        AuthorizationResult onOne = station.authorize(CARD, 1);
        AuthorizationResult onTwo = station.authorize(CARD, 2);
        AuthorizationResult notYetKnown = station.authorize(CARD, 0);

        assertThat(onOne.status()).isEqualTo(NotAllowedTypeEVSE);
        assertThat(onOne.info().evseId()).containsExactly(2);
        assertThat(onTwo.accepted()).isTrue();
        assertThat(onTwo.source()).as("the cache kept the restriction").isEqualTo(AuthorizationSource.CACHE);
        assertThat(notYetKnown.accepted()).isTrue();
    }

    // ---- offline (C12, C15) ----

    @Test
    void C12_offlineAnAcceptedEntryChargesWithLocalAuthorizeOffline() {
        station.start();
        cacheAs(CARD, Accepted);
        station.offline();

        AuthorizationResult r = station.authorize(CARD, 1);

        assertThat(r.accepted()).isTrue();
        assertThat(r.source()).isEqualTo(AuthorizationSource.CACHE);
        assertThat(r.offline()).isTrue();
        assertThat(station.link.calls).isEmpty();
    }

    @Test
    void offlineWithoutLocalAuthorizeOfflineTheCacheDoesNotAccept() {
        station.with("localAuthorizeOffline", false).start();
        cacheAs(CARD, Accepted);
        station.offline();

        AuthorizationResult r = station.authorize(CARD, 1);

        assertThat(r.status()).isEqualTo(Unknown);
        assertThat(r.source()).isEqualTo(AuthorizationSource.LOCAL_REFUSAL);
        assertThat(r.offline()).isTrue();
        // ... but it does no worse than an unknown token
        station.set("offlineTxForUnknownIdEnabled", true);
        assertThat(station.authorize(CARD, 1).source()).isEqualTo(AuthorizationSource.OFFLINE_UNKNOWN);
    }

    @Test
    void offlineAnUnknownTokenIsRefusedByDefault() {
        station.start();
        station.offline();

        AuthorizationResult r = station.authorize(CARD, 1);

        assertThat(r.status()).isEqualTo(Unknown);
        assertThat(r.source()).isEqualTo(AuthorizationSource.LOCAL_REFUSAL);
        assertThat(r.offline()).isTrue();
        assertThat(station.link.calls).as("nothing queued for later").isEmpty();
    }

    @Test
    void C15_FR_08_offlineAnUnknownTokenChargesWithOfflineTxForUnknownIdEnabledAndIsNotCached() {
        station.with("offlineTxForUnknownIdEnabled", true).with("localPreAuthorize", true).start();
        station.offline();

        AuthorizationResult r = station.authorize(CARD, 1);

        assertThat(r.accepted()).isTrue();
        assertThat(r.source()).isEqualTo(AuthorizationSource.OFFLINE_UNKNOWN);
        assertThat(r.offline()).isTrue();
        // C15.FR.01: not in the cache, so back online the CSMS is asked
        station.online();
        station.link.answer(Invalid);
        assertThat(station.authorize(CARD, 1).source()).isEqualTo(AuthorizationSource.CSMS);
    }

    @Test
    void offlineATokenTheCacheKnowsAsRefusedIsNeverAnUnknownOne() {
        station.with("offlineTxForUnknownIdEnabled", true).start();
        cacheAs(CARD, Blocked);
        station.offline();

        AuthorizationResult r = station.authorize(CARD, 1);

        assertThat(r.status()).isEqualTo(Blocked);
        assertThat(r.source()).isEqualTo(AuthorizationSource.CACHE);
        assertThat(r.offline()).isTrue();
    }

    @Test
    void withoutTheOcppLinkTheStationIsOffline() {
        station.start();
        cacheAs(CARD, Accepted);
        station.service.link = null;

        AuthorizationResult cached = station.authorize(CARD, 1);
        AuthorizationResult unknown = station.authorize(OTHER, 1);

        assertThat(cached.accepted()).isTrue();
        assertThat(cached.offline()).isTrue();
        assertThat(unknown.status()).isEqualTo(Unknown);
        assertThat(unknown.offline()).isTrue();
    }

    @Test
    void anExpiredEntryIsUnknown() {
        station.with("offlineTxForUnknownIdEnabled", true).with("cacheLifeTimeSeconds", 3600).start();
        cacheAs(CARD, Blocked);
        station.offline();
        station.clock.advance(Duration.ofHours(1));

        AuthorizationResult r = station.authorize(CARD, 1);

        assertThat(r.source()).as("expired: unknown, so OfflineTxForUnknownIdEnabled applies")
                .isEqualTo(AuthorizationSource.OFFLINE_UNKNOWN);
    }

    // ---- the CSMS gives no decision: offline rules ----

    @Test
    void noAnswerWithinTheTimeoutDecidesByTheOfflineRulesAndALateAnswerIsStillCached() {
        station.with("authorizeTimeoutSeconds", 15).with("localPreAuthorize", true).start();
        cacheAs(CARD, Accepted);
        station.set("localPreAuthorize", false);

        CompletableFuture<AuthorizationResult> decision = station.authorizeLater(CARD, 1);
        station.scheduler.advance(Duration.ofSeconds(14));
        assertThat(decision).as("still waiting for the CSMS").isNotDone();
        station.scheduler.advance(Duration.ofSeconds(1));

        assertThat(decision).isDone();
        AuthorizationResult r = decision.join();
        assertThat(r.accepted()).isTrue();
        assertThat(r.source()).isEqualTo(AuthorizationSource.CACHE);
        assertThat(r.offline()).isTrue();

        AuthorizeResponse late = AuthorizeResponse.of(IdTokenInfoType.of(Blocked));
        OcppSchemas.requireValid("AuthorizeResponse", late);
        station.link.open.get(0).complete(late);
        station.offline();
        assertThat(station.authorize(CARD, 1).status()).as("C10.FR.04 for the late answer").isEqualTo(Blocked);
    }

    @Test
    void anAnswerWithinTheTimeoutDecidesAndTheTimerIsCancelled() {
        station.start();
        CompletableFuture<AuthorizationResult> decision = station.authorizeLater(CARD, 1);
        station.scheduler.advance(Duration.ofSeconds(5));

        AuthorizeResponse response = AuthorizeResponse.of(IdTokenInfoType.of(Accepted));
        OcppSchemas.requireValid("AuthorizeResponse", response);
        station.link.open.get(0).complete(response);

        assertThat(decision.join().source()).isEqualTo(AuthorizationSource.CSMS);
        station.scheduler.advance(Duration.ofMinutes(1));
        assertThat(decision.join().source()).as("unchanged by the timer").isEqualTo(AuthorizationSource.CSMS);
    }

    @Test
    void aLostConnectionATransportTimeoutACallErrorOrAnInvalidResponseUseTheOfflineRules() {
        station.with("offlineTxForUnknownIdEnabled", true).start();
        station.link.fail(new OcppConnectionException("Connection lost while Authorize was outstanding"))
                .fail(new OcppTimeoutException("No answer to Authorize within 30 s"))
                .fail(new OcppCallException(OcppErrorCode.InternalError, "boom " + CARD.idToken()))
                .fail(new PayloadViolation(OcppErrorCode.FormatViolation, "Invalid CALLRESULT for Authorize"));

        for (int i = 0; i < 4; i++) {
            AuthorizationResult r = station.authorize(CARD, 1);
            assertThat(r.source()).as("failure %d", i).isEqualTo(AuthorizationSource.OFFLINE_UNKNOWN);
            assertThat(r.offline()).isTrue();
        }
        assertThat(station.link.authorizeRequests()).hasSize(4);
    }

    @Test
    void aFailureWithoutOfflineAuthorizationRefuses() {
        station.start();
        station.link.fail(new OcppConnectionException("gone"));

        AuthorizationResult r = station.authorize(CARD, 1);

        assertThat(r.status()).isEqualTo(Unknown);
        assertThat(r.source()).isEqualTo(AuthorizationSource.LOCAL_REFUSAL);
        assertThat(r.offline()).isTrue();
    }

    @Test
    void aLinkThatThrowsIsTreatedAsOffline() {
        station.start();
        cacheAs(CARD, Accepted);
        station.link.throwOnCall = new IllegalStateException("queue full");

        AuthorizationResult r = station.authorize(CARD, 1);

        assertThat(r.accepted()).isTrue();
        assertThat(r.source()).isEqualTo(AuthorizationSource.CACHE);
        assertThat(r.offline()).isTrue();
    }

    // ---- no authorization needed (C02, C03, C05, AuthCtrlr.Enabled) ----

    @Test
    void authCtrlrDisabledAcceptsEveryTokenWithoutAsking() {
        station.with("authEnabled", false).start();
        cacheAs(CARD, Blocked);

        AuthorizationResult online = station.authorize(CARD, 1);
        station.offline();
        AuthorizationResult offline = station.authorize(OTHER, 1);

        assertThat(online.accepted()).isTrue();
        assertThat(online.source()).isEqualTo(AuthorizationSource.NOT_REQUIRED);
        assertThat(online.offline()).isFalse();
        assertThat(offline.accepted()).isTrue();
        assertThat(offline.offline()).isTrue();
        assertThat(station.link.calls).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(value = IdTokenEnumType.class, names = { "NoAuthorization", "Central" })
    void C02_C05_startButtonAndCentralTokensAreAcceptedWithoutAskingAndNeverCached(IdTokenEnumType type) {
        station.with("localPreAuthorize", true).start();
        IdTokenType token = IdTokenType.of(type == IdTokenEnumType.NoAuthorization ? "" : "APP-7781-XY", type);

        AuthorizationResult r = station.authorize(token, 1);

        assertThat(r.accepted()).isTrue();
        assertThat(r.source()).isEqualTo(AuthorizationSource.NOT_REQUIRED);
        assertThat(station.link.calls).as("C03.FR.01, C05.FR.01").isEmpty();
        station.service.idTokenInfoReceived(token, IdTokenInfoType.of(Blocked));
        station.scheduler.runDue();
        assertThat(station.service.storageBytes()).as("C02.FR.03, C05.FR.02: not cached")
                .isEqualTo(CacheFile.size(0, 0));
        assertThat(station.authorize(token, 1).accepted()).isTrue();
    }

    // ---- the cache switched off (C10.FR.11) ----

    @Test
    void withTheCacheDisabledNothingIsCachedOrLookedUpButTheContentStays() {
        station.with("localPreAuthorize", true).start();
        cacheAs(CARD, Accepted);
        station.set("cacheEnabled", false);
        station.link.answer(Blocked).answer(Accepted);

        assertThat(station.authorize(CARD, 1).status()).as("asked").isEqualTo(Blocked);
        assertThat(station.authorize(OTHER, 1).source()).isEqualTo(AuthorizationSource.CSMS);
        station.offline();
        assertThat(station.authorize(OTHER, 1).source()).as("not cached").isEqualTo(AuthorizationSource.LOCAL_REFUSAL);
        assertThat(station.authorize(CARD, 1).source()).isEqualTo(AuthorizationSource.LOCAL_REFUSAL);

        station.set("cacheEnabled", true);
        AuthorizationResult again = station.authorize(CARD, 1);
        assertThat(again.source()).as("switching off kept the content (§2.4.1)").isEqualTo(AuthorizationSource.CACHE);
        assertThat(again.accepted()).isTrue();
    }

    // ---- settings, robustness, privacy ----

    @Test
    void authorizeRemoteStartFollowsTheVariableLive() {
        station.start();
        assertThat(station.service.authorizeRemoteStart()).as("PICS C-48.2 default").isFalse();

        station.set("authorizeRemoteStart", true);

        assertThat(station.service.authorizeRemoteStart()).isTrue();
    }

    @Test
    void localPreAuthorizeAppliesLive() {
        station.start();
        cacheAs(CARD, Accepted);
        station.set("localPreAuthorize", true);

        assertThat(station.authorize(CARD, 1).source()).isEqualTo(AuthorizationSource.CACHE);
    }

    @Test
    void neverCompletesExceptionally() {
        station.start();

        AuthorizationResult r;
        try (LogCapture log = new LogCapture()) {
            r = station.authorize(null, 1);
            assertThat(log.at(Level.WARN)).singleElement().asString().contains("without an idToken");
        }

        assertThat(r.accepted()).isFalse();
        assertThat(r.source()).isEqualTo(AuthorizationSource.LOCAL_REFUSAL);
        station.service.idTokenInfoReceived(null, IdTokenInfoType.of(Accepted));
        station.service.idTokenInfoReceived(CARD, null);
    }

    @Test
    void noLogLineHoldsAWholeToken() {
        IdTokenType keyCode = IdTokenType.of("918273", IdTokenEnumType.KeyCode);
        try (LogCapture log = new LogCapture()) {
            station.with("offlineTxForUnknownIdEnabled", true).start();
            station.link.answer(IdTokenInfoType.of(Accepted).withGroupIdToken(card("GROUP-ACCOUNT-77")));
            station.authorize(CARD, 1);
            station.link.fail(new OcppCallException(OcppErrorCode.GenericError, "unknown " + OTHER.idToken()));
            station.authorize(OTHER, 1);
            station.link.answer(Accepted);
            station.authorize(keyCode, 1);
            station.offline();
            station.authorize(card("04A2B3C4D5E6F8"), 1);
            station.restart();

            assertThat(log.all()).isNotEmpty().allSatisfy(line -> assertThat(line)
                    .doesNotContain(CARD.idToken(), OTHER.idToken(), "918273", "GROUP-ACCOUNT-77", "04A2B3C4D5E6F8"));
            assertThat(log.all()).anySatisfy(line -> assertThat(line).contains("****E6F7"));
        }
    }

    @Test
    void deactivationWritesWhatIsPendingAndStopsTheThread() {
        station.start();
        station.link.answer(Accepted);
        station.authorize(CARD, 1); // the write is queued, not yet run

        station.service.deactivate();

        assertThat(station.scheduler.isShutdown()).isTrue();
        assertThat(station.cacheFile).isRegularFile();
        station.start();
        station.offline();
        assertThat(station.authorize(CARD, 1).source()).as("C10.FR.02").isEqualTo(AuthorizationSource.CACHE);
    }

    /** Puts {@code token} into the cache as the CSMS would with a TransactionEventResponse (C10.FR.05). */
    private void cacheAs(IdTokenType token, AuthorizationStatusEnumType status) {
        station.service.idTokenInfoReceived(token, IdTokenInfoType.of(status));
        station.scheduler.runDue();
    }
}
