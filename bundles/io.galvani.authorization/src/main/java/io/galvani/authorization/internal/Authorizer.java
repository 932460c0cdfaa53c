package io.galvani.authorization.internal;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.galvani.authorization.api.AuthorizationResult;
import io.galvani.authorization.api.AuthorizationSource;
import io.galvani.ocpp.api.OcppCallException;
import io.galvani.ocpp.api.OcppConnectionException;
import io.galvani.ocpp.api.OcppLink;
import io.galvani.ocpp.api.OcppTimeoutException;
import io.galvani.ocpp.model.PayloadViolation;
import io.galvani.ocpp.model.messages.AuthorizeRequest;
import io.galvani.ocpp.model.messages.AuthorizeResponse;
import io.galvani.ocpp.model.types.AuthorizationStatusEnumType;
import io.galvani.ocpp.model.types.IdTokenEnumType;
import io.galvani.ocpp.model.types.IdTokenInfoType;
import io.galvani.ocpp.model.types.IdTokenType;

/**
 * Decides whether an idToken may charge (C01–C05, C10, C12, C15), in this order:
 *
 * <ol>
 * <li>AuthCtrlr.Enabled false, or a token of type NoAuthorization (C02.FR.01) or Central (C03.FR.01,
 * C05.FR.01): accepted without asking anybody, never cached (C02.FR.03, C03.FR.02, C05.FR.02).</li>
 * <li>Online ({@code OcppLink.status().connected()}):
 * <ul>
 * <li>cached as Accepted and LocalPreAuthorize (or DisableRemoteAuthorization) true: accepted from the cache
 * (C12.FR.02, C01.FR.05);</li>
 * <li>cached with another status and DisablePostAuthorize (or DisableRemoteAuthorization) true: refused
 * from the cache; otherwise asked again (C10.FR.03, C12.FR.05);</li>
 * <li>not cached and DisableRemoteAuthorization true: refused as Unknown;</li>
 * <li>otherwise AuthorizeRequest (C01.FR.02); the response's idTokenInfo decides and is cached
 * (C10.FR.04).</li>
 * </ul></li>
 * <li>Offline, or the CSMS gave no decision (no answer within {@code authorizeTimeout}, connection lost,
 * CALLERROR, invalid response: the CSMS could not be asked, which is what the offline rules are for):
 * <ul>
 * <li>cached with a status other than Accepted: refused with that status (a token the station knows to
 * be refused is not an unknown one; cf. the errata of C13.FR.04);</li>
 * <li>cached as Accepted and LocalAuthorizeOffline true: accepted from the cache (C12);</li>
 * <li>otherwise OfflineTxForUnknownIdEnabled decides: accepted (C15.FR.08), not cached (C15.FR.01); or
 * refused as Unknown. With LocalAuthorizeOffline false an Accepted entry counts as unknown, so it never
 * does better than a token the station has never seen.</li>
 * </ul></li>
 * </ol>
 * An Accepted idTokenInfo whose evseId list leaves out the EVSE asked for is refused as NotAllowedTypeEVSE
 * (C01.FR.21). An AuthorizeResponse that arrives after the timeout still updates the cache. The result's
 * {@code offline} flag is true exactly when the offline rules decided (or, for tokens that need no
 * authorization, when the link was down).
 */
final class Authorizer {
    private static final Logger logger = LoggerFactory.getLogger(Authorizer.class);

    private final Supplier<OcppLink> link;
    private final AuthorizationCache cache;
    private final Supplier<AuthorizationSettings> settings;
    private final ScheduledExecutorService scheduler;

    Authorizer(Supplier<OcppLink> link, AuthorizationCache cache, Supplier<AuthorizationSettings> settings,
            ScheduledExecutorService scheduler) {
        this.link = link;
        this.cache = cache;
        this.settings = settings;
        this.scheduler = scheduler;
    }

    /** Never completes exceptionally. */
    CompletionStage<AuthorizationResult> authorize(IdTokenType token, int evseId) {
        try {
            return decide(token, evseId);
        } catch (RuntimeException e) {
            logger.error("Authorizing {} failed; refused", TokenMask.mask(token), e);
            return CompletableFuture.completedFuture(local(AuthorizationStatusEnumType.Unknown,
                    AuthorizationSource.LOCAL_REFUSAL, !online()));
        }
    }

    /** An idTokenInfo the CSMS sent with a transaction message (C10.FR.05, C12.FR.06). */
    void infoReceived(IdTokenType token, IdTokenInfoType info) {
        if (token == null || info == null) {
            return;
        }
        store(token, info, false);
    }

    private CompletionStage<AuthorizationResult> decide(IdTokenType token, int evseId) {
        if (token == null) {
            logger.warn("Authorization asked without an idToken; refused");
            return CompletableFuture.completedFuture(local(AuthorizationStatusEnumType.Unknown,
                    AuthorizationSource.LOCAL_REFUSAL, !online()));
        }
        AuthorizationSettings s = settings.get();
        boolean online = online();
        if (!s.authEnabled()) {
            return done(token, evseId, local(AuthorizationStatusEnumType.Accepted, AuthorizationSource.NOT_REQUIRED,
                    !online), "AuthCtrlr.Enabled is false");
        }
        if (!needsAuthorization(token.type())) {
            return done(token, evseId, local(AuthorizationStatusEnumType.Accepted, AuthorizationSource.NOT_REQUIRED,
                    !online), "type " + token.type().value() + " needs no authorization");
        }
        Optional<IdTokenInfoType> cached = lookup(token, s);
        if (!online) {
            return done(token, evseId, offlineDecision(token, evseId, s, cached), "offline");
        }
        if (cached.isPresent()) {
            IdTokenInfoType info = cached.get();
            boolean accepted = info.status() == AuthorizationStatusEnumType.Accepted;
            if (accepted && (s.localPreAuthorize() || s.disableRemoteAuthorization())) {
                cache.markUsed(token);
                return done(token, evseId, result(info, evseId, AuthorizationSource.CACHE, false),
                        s.localPreAuthorize() ? "LocalPreAuthorize" : "DisableRemoteAuthorization");
            }
            if (!accepted && (s.cacheDisablePostAuthorize() || s.disableRemoteAuthorization())) {
                cache.markUsed(token);
                return done(token, evseId, result(info, evseId, AuthorizationSource.CACHE, false),
                        s.disableRemoteAuthorization() ? "DisableRemoteAuthorization" : "DisablePostAuthorize");
            }
        }
        if (s.disableRemoteAuthorization()) {
            return done(token, evseId, local(AuthorizationStatusEnumType.Unknown, AuthorizationSource.LOCAL_REFUSAL,
                    false), "DisableRemoteAuthorization and not in the cache");
        }
        return askCsms(token, evseId, s);
    }

    private CompletionStage<AuthorizationResult> askCsms(IdTokenType token, int evseId, AuthorizationSettings s) {
        OcppLink l = link.get();
        CompletionStage<AuthorizeResponse> call;
        if (l == null) {
            return done(token, evseId, offlineDecision(token, evseId, s, lookup(token, s)), "OCPP link gone");
        }
        try {
            call = l.call(AuthorizeRequest.of(token));
        } catch (RuntimeException e) {
            return done(token, evseId, offlineDecision(token, evseId, s, lookup(token, s)),
                    "AuthorizeRequest not sent (" + e.getClass().getSimpleName() + "); offline rules");
        }
        CompletableFuture<AuthorizationResult> decision = new CompletableFuture<>();
        ScheduledFuture<?> deadline = deadline(decision, token, evseId, s);
        call.whenComplete((response, failure) -> {
            if (deadline != null) {
                deadline.cancel(false);
            }
            try {
                if (failure == null && response != null) {
                    store(token, response.idTokenInfo(), true);
                    AuthorizationResult r = result(response.idTokenInfo(), evseId, AuthorizationSource.CSMS, false);
                    if (decision.complete(r)) {
                        log(token, evseId, r, "AuthorizeResponse");
                    } else {
                        logger.info("AuthorizeResponse for {} ({}) came after the decision; cached",
                                TokenMask.mask(token), r.status().value());
                    }
                } else if (!decision.isDone()) {
                    offlineFallback(decision, token, evseId, describe(failure));
                }
            } catch (RuntimeException e) {
                logger.error("Handling the AuthorizeResponse for {} failed; refused", TokenMask.mask(token), e);
                decision.complete(local(AuthorizationStatusEnumType.Unknown, AuthorizationSource.LOCAL_REFUSAL, false));
            }
        });
        return decision;
    }

    /** Decides by the offline rules if no AuthorizeResponse came in time; null if stopping. */
    private ScheduledFuture<?> deadline(CompletableFuture<AuthorizationResult> decision, IdTokenType token,
            int evseId, AuthorizationSettings s) {
        long millis = s.authorizeTimeout().toMillis();
        try {
            return scheduler.schedule(() -> {
                if (!decision.isDone()) {
                    offlineFallback(decision, token, evseId, "no AuthorizeResponse within " + millis / 1000 + " s");
                }
            }, millis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            return null; // stopping; the transport's MessageTimeout still ends the wait
        }
    }

    private void offlineFallback(CompletableFuture<AuthorizationResult> decision, IdTokenType token, int evseId,
            String why) {
        AuthorizationSettings now = settings.get();
        try {
            AuthorizationResult r = offlineDecision(token, evseId, now, lookup(token, now));
            if (decision.complete(r)) {
                log(token, evseId, r, why + "; offline rules");
            }
        } catch (RuntimeException e) {
            logger.error("Deciding {} by the offline rules failed; refused", TokenMask.mask(token), e);
            decision.complete(local(AuthorizationStatusEnumType.Unknown, AuthorizationSource.LOCAL_REFUSAL, true));
        }
    }

    private AuthorizationResult offlineDecision(IdTokenType token, int evseId, AuthorizationSettings s,
            Optional<IdTokenInfoType> cached) {
        if (cached.isPresent()) {
            IdTokenInfoType info = cached.get();
            boolean accepted = info.status() == AuthorizationStatusEnumType.Accepted;
            if (!accepted || s.localAuthorizeOffline()) {
                cache.markUsed(token);
                return result(info, evseId, AuthorizationSource.CACHE, true);
            }
        }
        if (s.offlineTxForUnknownIdEnabled()) {
            return local(AuthorizationStatusEnumType.Accepted, AuthorizationSource.OFFLINE_UNKNOWN, true);
        }
        return local(AuthorizationStatusEnumType.Unknown, AuthorizationSource.LOCAL_REFUSAL, true);
    }

    private Optional<IdTokenInfoType> lookup(IdTokenType token, AuthorizationSettings s) {
        return s.cacheEnabled() ? cache.lookup(token) : Optional.empty();
    }

    private void store(IdTokenType token, IdTokenInfoType info, boolean used) {
        if (!settings.get().cacheEnabled() || !needsAuthorization(token.type())) {
            return;
        }
        try {
            cache.put(token, info, used);
        } catch (RuntimeException e) {
            logger.error("Caching the idTokenInfo of {} failed", TokenMask.mask(token), e);
        }
    }

    private boolean online() {
        OcppLink l = link.get();
        try {
            return l != null && l.status().connected();
        } catch (RuntimeException e) {
            logger.debug("OCPP link status unavailable: {}", e.toString());
            return false;
        }
    }

    /** NoAuthorization (start button) and Central (CSMS-generated) tokens are neither authorized nor cached. */
    private static boolean needsAuthorization(IdTokenEnumType type) {
        return type != IdTokenEnumType.NoAuthorization && type != IdTokenEnumType.Central;
    }

    /** {@code info} for {@code evseId}: Accepted only for other EVSEs is NotAllowedTypeEVSE here (C01.FR.21). */
    static AuthorizationResult result(IdTokenInfoType info, int evseId, AuthorizationSource source, boolean offline) {
        List<Integer> allowed = info.evseId();
        if (evseId > 0 && info.status() == AuthorizationStatusEnumType.Accepted && allowed != null
                && !allowed.isEmpty() && !allowed.contains(evseId)) {
            info = new IdTokenInfoType(info.customData(), AuthorizationStatusEnumType.NotAllowedTypeEVSE,
                    info.cacheExpiryDateTime(), info.chargingPriority(), info.language1(), info.evseId(),
                    info.groupIdToken(), info.language2(), info.personalMessage());
        }
        return new AuthorizationResult(info, source, offline);
    }

    private static AuthorizationResult local(AuthorizationStatusEnumType status, AuthorizationSource source,
            boolean offline) {
        return new AuthorizationResult(IdTokenInfoType.of(status), source, offline);
    }

    private static CompletionStage<AuthorizationResult> done(IdTokenType token, int evseId, AuthorizationResult r,
            String why) {
        log(token, evseId, r, why);
        return CompletableFuture.completedFuture(r);
    }

    private static void log(IdTokenType token, int evseId, AuthorizationResult r, String why) {
        logger.info("idToken {} on EVSE {}: {} from {}{} ({})", TokenMask.mask(token), evseId, r.status().value(),
                r.source(), r.offline() ? ", offline" : "", why);
    }

    /** Why the CSMS gave no decision, without anything the CSMS wrote (it may echo the token). */
    private static String describe(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof OcppTimeoutException) {
            return "no AuthorizeResponse within MessageTimeout";
        }
        if (cause instanceof OcppConnectionException) {
            return "connection lost during AuthorizeRequest";
        }
        if (cause instanceof OcppCallException e) {
            return "CALLERROR " + e.errorCode();
        }
        if (cause instanceof PayloadViolation e) {
            return "invalid AuthorizeResponse (" + e.errorCode() + ")";
        }
        return cause == null ? "no AuthorizeResponse" : cause.getClass().getSimpleName();
    }
}
