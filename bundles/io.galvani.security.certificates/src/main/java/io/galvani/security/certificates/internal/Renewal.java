package io.galvani.security.certificates.internal;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.galvani.ocpp.api.OcppCallException;
import io.galvani.ocpp.api.OcppLink;
import io.galvani.ocpp.model.messages.SignCertificateRequest;
import io.galvani.ocpp.model.messages.SignCertificateResponse;
import io.galvani.ocpp.model.types.CertificateSigningUseEnumType;
import io.galvani.ocpp.model.types.GenericStatusEnumType;
import io.galvani.security.api.StationCredentials;

/**
 * Renewal of the station certificate (A02 by TriggerMessage, A03 by the station before expiry): a new key pair
 * generated here (A02.FR.02), a CSR sent with SignCertificate (A02.FR.03), and, while no CertificateSigned comes,
 * the same CSR sent again after CertSigningWaitMinimum seconds, the wait doubling each time
 * (A02.FR.17/18). After CertSigningRepeatTimes doublings the last request has been sent and the station waits for
 * a TriggerMessage (A02.FR.19): with CertSigningRepeatTimes 1 the requests go out at 0, W and 3W, as TC_A_23
 * expects. The key pair of the CSR is kept (also across restarts) until its certificate comes, so a late
 * CertificateSigned for any of the requests is still taken.
 *
 * <p>SignCertificateResponse Rejected, a CALLERROR, or an invalid certificate (A02.FR.20) stop the flow until the
 * CSMS triggers it again. A request the transport could not deliver (timeout, connection lost) counts as
 * unanswered and goes out again on the same schedule.
 *
 * <p>Everything but {@link #readiness} runs on the component's scheduler thread; each run has an epoch, so the
 * answers and timers of a flow that was replaced or stopped are ignored.
 */
final class Renewal {
    private static final Logger logger = LoggerFactory.getLogger(Renewal.class);

    /** Who started a renewal. */
    enum Origin {
        /** TriggerMessage SignChargingStationCertificate (A02). */
        CSMS,
        /** The station certificate is about to expire (A03). */
        EXPIRY,
        /** The operator console. */
        OPERATOR
    }

    private final CertificateRepository repository;
    private final Supplier<Settings> settings;
    private final Supplier<OcppLink> link;
    private final ScheduledExecutorService scheduler;
    private final Supplier<Instant> now;

    // guarded by this
    private long epoch;
    private int sends;
    private boolean active;
    private boolean blocked;
    private ScheduledFuture<?> timer;
    private String status = "idle";

    Renewal(CertificateRepository repository, Supplier<Settings> settings, Supplier<OcppLink> link,
            ScheduledExecutorService scheduler, Supplier<Instant> now) {
        this.repository = repository;
        this.settings = settings;
        this.link = link;
        this.scheduler = scheduler;
        this.now = now;
    }

    /** Why no CSR can be made now (prerequisites of A02/A03), or empty. Cheap: called on the transport's thread. */
    Optional<String> readiness() {
        return CsrFactory.checkNames(serialNumber(), settings.get().organizationName());
    }

    /** The configured serial number, else the CN of the station certificate in use (set at manufacturing). */
    String serialNumber() {
        String configured = settings.get().serialNumber();
        if (!configured.isEmpty()) {
            return configured;
        }
        StationCredentials current = repository.state().current();
        return current == null ? "" : CsrFactory.commonName(current.certificate()).orElse("");
    }

    /** Starts a new renewal with a new key pair, replacing one in progress; clears a stop (A02.FR.19/20). */
    void start(Origin origin) {
        execute(() -> run(origin));
    }

    /** A03: starts a renewal when the newest station certificate expires within renewBeforeExpiryDays. */
    void checkExpiry() {
        int days = settings.get().renewBeforeExpiryDays();
        StationCredentials newest = repository.state().stationCredentials().stream().findFirst().orElse(null);
        if (days == 0 || newest == null || link.get() == null) {
            return; // nothing to renew, or nobody to ask: the next daily check looks again
        }
        synchronized (this) {
            if (active || blocked) {
                return; // a renewal runs, or the CSMS has to trigger the next one (A03.FR.19)
            }
        }
        Instant expiry = newest.certificate().getNotAfter().toInstant();
        if (now.get().plus(Duration.ofDays(days)).isAfter(expiry)) {
            logger.info("The station certificate expires {}: renewing it (A03)", expiry);
            run(Origin.EXPIRY);
        }
    }

    /** A valid CertificateSigned came for the pending CSR: the flow is done. */
    synchronized void certificateAccepted() {
        stop("renewed certificate received; waiting for the next connection to use it", false);
    }

    /** An invalid CertificateSigned came: no more requests until the CSMS triggers again (A02.FR.20). */
    synchronized void certificateRejected() {
        stop("the CSMS sent an invalid certificate; waiting for a TriggerMessage (A02.FR.20)", true);
    }

    /** For the console: what the renewal is doing. */
    synchronized String status() {
        return status;
    }

    synchronized boolean active() {
        return active;
    }

    synchronized boolean blocked() {
        return blocked;
    }

    /** Deactivation: no more timers, no more answers acted upon. */
    synchronized void close() {
        epoch++;
        cancelTimer();
        active = false;
    }

    private void run(Origin origin) {
        long run;
        synchronized (this) {
            cancelTimer();
            run = ++epoch;
            sends = 0;
            active = true;
            blocked = false;
            status = "generating a key pair (" + origin + ")";
        }
        Optional<String> problem = readiness();
        if (problem.isPresent()) {
            logger.warn("Cannot renew the station certificate: {}", problem.get());
            synchronized (this) {
                if (run == epoch) {
                    stop("not started: " + problem.get(), false);
                }
            }
            return;
        }
        Settings s = settings.get();
        PendingCsr csr;
        try {
            KeyPair keys = s.keyType().generate();
            csr = new PendingCsr(keys.getPrivate(), keys.getPublic(),
                    CsrFactory.create(keys, s.keyType(), serialNumber(), s.organizationName()));
            repository.storePending(csr);
        } catch (GeneralSecurityException | IOException e) {
            logger.error("Cannot make a certificate signing request: {}", e.toString());
            synchronized (this) {
                if (run == epoch) {
                    stop("failed: " + e.getMessage(), false);
                }
            }
            return;
        }
        logger.info("New {} key pair for the station certificate; sending SignCertificate ({})", s.keyType(), origin);
        send(run, csr, origin == Origin.CSMS);
    }

    private void send(long run, PendingCsr csr, boolean triggered) {
        OcppLink l = link.get();
        int n;
        synchronized (this) {
            if (run != epoch) {
                return;
            }
            if (l == null) {
                stop("no OCPP link; the CSR waits for the next start", false);
                return;
            }
            n = sends++;
            status = "SignCertificate " + (n + 1) + " sent, waiting for the answer";
        }
        SignCertificateRequest request = SignCertificateRequest.of(csr.csrPem())
                .withCertificateType(CertificateSigningUseEnumType.ChargingStationCertificate);
        CompletionStage<SignCertificateResponse> answer;
        try {
            answer = triggered && n == 0 ? l.callTriggered(request) : l.call(request);
        } catch (RuntimeException e) {
            answer = CompletableFuture.failedFuture(e);
        }
        answer.whenComplete((response, failure) -> execute(() -> answered(run, n, csr, response, failure)));
    }

    /** On the component's thread; dropped once the component has stopped (its scheduler is shut down). */
    private void execute(Runnable task) {
        try {
            scheduler.execute(task);
        } catch (RejectedExecutionException e) {
            logger.debug("Certificates component stopped; renewal task dropped");
        }
    }

    private void answered(long run, int n, PendingCsr csr, SignCertificateResponse response, Throwable failure) {
        synchronized (this) {
            if (run != epoch) {
                return;
            }
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause()
                    : failure;
            if (cause == null && response.status() == GenericStatusEnumType.Rejected) {
                logger.info("The CSMS rejected the certificate signing request{}", reason(response));
                stop("SignCertificate rejected by the CSMS; waiting for a TriggerMessage", true);
                return;
            }
            if (cause instanceof OcppCallException e) {
                logger.warn("SignCertificate answered with CALLERROR {}: {}", e.errorCode(), e.getMessage());
                stop("SignCertificate answered with CALLERROR " + e.errorCode() + "; waiting for a TriggerMessage", true);
                return;
            }
            if (cause != null) {
                logger.info("SignCertificate got no answer ({}); it is sent again on the back-off schedule",
                        cause.toString());
            }
            int repeatTimes = settings.get().certSigningRepeatTimes();
            if (n >= repeatTimes + 1) {
                logger.info("No CertificateSigned after {} SignCertificate requests; the next renewal waits for a "
                        + "TriggerMessage (A02.FR.19)", n + 1);
                stop("no CertificateSigned after " + (n + 1) + " requests; still accepted if it comes", true);
                return;
            }
            long seconds = settings.get().certSigningWait().toSeconds() << n;
            status = "waiting " + seconds + " s for CertificateSigned (request " + (n + 1) + ")";
            timer = scheduler.schedule(() -> send(run, csr, false), seconds, TimeUnit.SECONDS);
        }
    }

    /** Ends the flow in progress; {@code block}: no new one until the CSMS or the operator starts it. */
    private void stop(String why, boolean block) {
        epoch++;
        cancelTimer();
        active = false;
        blocked = block;
        status = why;
    }

    private void cancelTimer() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    private static String reason(SignCertificateResponse response) {
        return response.statusInfo() == null ? "" : " (" + response.statusInfo().reasonCode() + ")";
    }
}
