package io.galvani.firmware.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;

import io.galvani.firmware.api.BundleEntry;
import io.galvani.firmware.api.BundleSet;
import io.galvani.firmware.api.FirmwareInstaller;
import io.galvani.firmware.api.ImageRejectedException;
import io.galvani.firmware.api.InstallPlan;
import io.galvani.firmware.api.InstallProgress;
import io.galvani.firmware.api.InstallResult;

/** A FirmwareInstaller (another bundle's service) whose answers the test scripts. */
final class FakeInstaller implements FirmwareInstaller {
    static final BundleSet OLD = new BundleSet("1.0.0",
            List.of(new BundleEntry("io.galvani.station", "1.0.0", "aa", 5)));
    static final BundleSet NEW = new BundleSet("1.1.0",
            List.of(new BundleEntry("io.galvani.station", "1.1.0", "bb", 5)));

    /** The steps install() reports before its result. */
    enum Step { WAIT_FOR_IDLE, INSTALLING, REBOOTING }

    volatile BundleSet installed = OLD;
    volatile ImageRejectedException rejection;
    volatile InstallResult.Status result = InstallResult.Status.INSTALLED;
    volatile List<Step> steps = List.of(Step.INSTALLING);
    /** When set, install() waits (interruptibly) on it after WAIT_FOR_IDLE, as the real one waits for idle EVSEs. */
    volatile CountDownLatch evsesIdle;
    final CountDownLatch waiting = new CountDownLatch(1);
    final List<Path> checked = new CopyOnWriteArrayList<>();
    final List<byte[]> checkedContent = new CopyOnWriteArrayList<>();
    volatile int installs;

    @Override
    public BundleSet installed() {
        return installed;
    }

    @Override
    public InstallPlan check(Path image) throws ImageRejectedException {
        checked.add(image);
        try {
            checkedContent.add(Files.readAllBytes(image));
        } catch (java.io.IOException e) {
            throw new ImageRejectedException(ImageRejectedException.Reason.MALFORMED, "unreadable: " + e);
        }
        if (rejection != null) {
            throw rejection;
        }
        return new InstallPlan(image, NEW, List.of(), List.of("io.galvani.station"), true, false);
    }

    @Override
    public InstallResult install(InstallPlan plan, InstallProgress progress) throws InterruptedException {
        installs++;
        for (Step s : steps) {
            switch (s) {
            case WAIT_FOR_IDLE -> {
                progress.waitingForIdleEvses();
                waiting.countDown();
                CountDownLatch idle = evsesIdle;
                if (idle != null) {
                    idle.await();
                }
            }
            case INSTALLING -> progress.installing();
            case REBOOTING -> progress.rebooting();
            }
        }
        if (result == InstallResult.Status.INSTALLED) {
            installed = plan.target();
        }
        return new InstallResult(result, result == InstallResult.Status.INSTALLED ? "all bundles active"
                : "bundle io.galvani.station failed to start", installed, 120, 0);
    }
}
