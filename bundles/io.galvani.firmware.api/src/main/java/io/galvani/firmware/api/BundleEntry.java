package io.galvani.firmware.api;

/**
 * One bundle of a {@link BundleSet}.
 *
 * @param symbolicName Bundle-SymbolicName
 * @param version      Bundle-Version
 * @param sha256       hex SHA-256 of the bundle's content, the same for the same build whatever the commit it was
 *                     built at (how it is computed is the installer's; equal hashes mean nothing to swap)
 * @param startLevel   the framework start level it runs at
 */
public record BundleEntry(String symbolicName, String version, String sha256, int startLevel) {
}
