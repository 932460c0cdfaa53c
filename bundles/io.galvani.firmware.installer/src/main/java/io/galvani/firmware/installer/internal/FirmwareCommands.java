package io.galvani.firmware.installer.internal;

import java.nio.file.Path;
import java.util.Map;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.galvani.firmware.api.BundleChange;
import io.galvani.firmware.api.BundleEntry;
import io.galvani.firmware.api.BundleSet;
import io.galvani.firmware.api.FirmwareInstaller;
import io.galvani.firmware.api.ImageRejectedException;
import io.galvani.firmware.api.InstallPlan;

/** Gogo: {@code firmware:set} (the installed set) and {@code firmware:check <image>} (the plan; changes nothing). */
@Component(service = FirmwareCommands.class, property = { "osgi.command.scope=firmware", "osgi.command.function=set",
        "osgi.command.function=check" })
public final class FirmwareCommands {
    private final FirmwareInstaller installer;
    private final LiveBundles live;

    @Activate
    public FirmwareCommands(@Reference FirmwareInstaller installer, BundleContext context) {
        this.installer = installer;
        this.live = new LiveBundles(context);
    }

    /** The installed set: firmware version, and per bundle name, version, state, start level, power path, hash. */
    public String set() {
        BundleSet set = installer.installed();
        Map<String, Bundle> bundles = live.bySymbolicName();
        StringBuilder sb = new StringBuilder("Firmware " + set.firmwareVersion() + " (" + set.bundles().size() + " bundles)\n");
        sb.append(String.format("%-52s %-22s %-11s %5s %-5s %s%n", "Bundle", "Version", "State", "Level", "Power", "Hash"));
        for (BundleEntry e : set.bundles()) {
            Bundle b = bundles.get(e.symbolicName());
            sb.append(String.format("%-52s %-22s %-11s %5s %-5s %s%n", e.symbolicName(), e.version(),
                    b == null ? "MISSING" : Readiness.state(b.getState()),
                    b == null ? "-" : Integer.toString(b.adapt(BundleStartLevel.class).getStartLevel()),
                    b != null && LiveBundles.powerPath(b) ? "yes" : "", e.sha256().substring(0, 12)));
        }
        return sb.toString();
    }

    /** Checks an image against the running station and prints the plan; installs nothing. */
    public String check(String image) {
        InstallPlan plan;
        try {
            plan = installer.check(Path.of(image).toAbsolutePath());
        } catch (ImageRejectedException e) {
            return "Refused (" + e.reason() + "): " + e.getMessage() + "\n";
        }
        StringBuilder sb = new StringBuilder("Image " + plan.image() + ": firmware " + plan.target().firmwareVersion() + "\n");
        if (plan.changes().isEmpty()) {
            return sb.append("No bundle changes.\n").toString();
        }
        for (BundleChange c : plan.changes()) {
            sb.append(String.format("  %-8s %-52s %s -> %s%s%n", c.kind(), c.symbolicName(), c.fromVersion() == null ? "-" : c.fromVersion(),
                    c.toVersion() == null ? "-" : c.toVersion(), c.powerPath() ? "  (power path)" : ""));
        }
        sb.append("Restarted: ").append(String.join(", ", plan.restarted())).append('\n');
        sb.append("Power path: ").append(plan.touchesPowerPath() ? "yes (waits for idle EVSEs)" : "no").append('\n');
        sb.append("OCPP transport: ").append(plan.touchesTransport() ? "restarted (the link drops)" : "stays up").append('\n');
        return sb.toString();
    }
}
