package io.galvani.firmware.internal;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import io.galvani.firmware.api.BundleEntry;
import io.galvani.firmware.api.BundleSet;

/**
 * What survives a restart of one firmware update: enough to retry its download or to report the outcome of an
 * installation a restart interrupted.
 *
 * @param location    as the CSMS sent it (may hold credentials: the file is owner-only and never logged)
 * @param attemptsLeft download attempts still allowed
 * @param installAt   null = install as soon as possible
 * @param image       the downloaded file, once downloaded
 * @param target      the set the installation leads to, once install() was called
 */
record UpdateRecord(int requestId, Phase phase, String location, int attemptsLeft, int retryIntervalSeconds,
        Instant retrieveAt, Instant installAt, String signingCertificate, String signature, Path image,
        BundleSet target) {

    /** Where an update stands, as far as a restart needs to know. */
    enum Phase {
        /** Waiting for retrieveDateTime or the next attempt, or downloading: a restart downloads again. */
        DOWNLOAD,
        /** Downloaded and verified, waiting for installDateTime or the installer: a restart verifies again. */
        DOWNLOADED,
        /** install() was called: a restart reports what the installer ended with. */
        INSTALLING
    }

    UpdateRecord with(Phase p) {
        return new UpdateRecord(requestId, p, location, attemptsLeft, retryIntervalSeconds, retrieveAt, installAt,
                signingCertificate, signature, image, target);
    }

    UpdateRecord withAttemptsLeft(int n) {
        return new UpdateRecord(requestId, phase, location, n, retryIntervalSeconds, retrieveAt, installAt,
                signingCertificate, signature, image, target);
    }

    UpdateRecord withImage(Path p) {
        return new UpdateRecord(requestId, phase, location, attemptsLeft, retryIntervalSeconds, retrieveAt, installAt,
                signingCertificate, signature, p, target);
    }

    UpdateRecord withTarget(BundleSet t) {
        return new UpdateRecord(requestId, phase, location, attemptsLeft, retryIntervalSeconds, retrieveAt, installAt,
                signingCertificate, signature, image, t);
    }

    /** Whether {@code installed} is the target: same version and the same bundles with the same content. */
    static boolean sameSet(BundleSet installed, BundleSet target) {
        if (installed == null || target == null) {
            return false;
        }
        List<BundleEntry> a = installed.bundles();
        List<BundleEntry> b = target.bundles();
        if (!installed.firmwareVersion().equals(target.firmwareVersion()) || a.size() != b.size()) {
            return false;
        }
        for (BundleEntry e : b) {
            if (installed.bundle(e.symbolicName()).filter(i -> i.sha256().equals(e.sha256())).isEmpty()) {
                return false;
            }
        }
        return true;
    }
}
