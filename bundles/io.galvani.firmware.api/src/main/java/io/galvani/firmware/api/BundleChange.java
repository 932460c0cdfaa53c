package io.galvani.firmware.api;

/**
 * What an installation does to one bundle.
 *
 * @param fromVersion {@code null} when added
 * @param toVersion   {@code null} when removed
 * @param powerPath   the bundle is in the power path ({@link FirmwareInstaller#POWER_PATH_HEADER}), before or after
 */
public record BundleChange(String symbolicName, String fromVersion, String toVersion, Kind kind, boolean powerPath) {

    public enum Kind { ADDED, UPDATED, REMOVED }
}
