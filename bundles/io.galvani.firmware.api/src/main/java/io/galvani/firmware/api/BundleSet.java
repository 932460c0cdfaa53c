package io.galvani.firmware.api;

import java.util.List;
import java.util.Optional;

/**
 * A release: its firmware version (reported in BootNotification and the device model) and its bundles.
 *
 * @param firmwareVersion at most 50 characters (ChargingStationType.firmwareVersion)
 * @param bundles         ordered by symbolic name
 */
public record BundleSet(String firmwareVersion, List<BundleEntry> bundles) {

    public BundleSet {
        bundles = List.copyOf(bundles);
    }

    public Optional<BundleEntry> bundle(String symbolicName) {
        return bundles.stream().filter(b -> b.symbolicName().equals(symbolicName)).findFirst();
    }
}
