package io.galvani.firmware.installer.image;

/**
 * One bundle of an image, as listed in its manifest.
 *
 * @param symbolicName Bundle-SymbolicName (without directives)
 * @param version      Bundle-Version, as written in the jar's manifest
 * @param sha256       {@link ContentHash} of the jar, lower-case hex
 * @param startLevel   the framework start level the bundle runs at (1 or more)
 * @param file         the jar's file name under {@code bundles/} in the image (no directories)
 */
public record ImageBundle(String symbolicName, String version, String sha256, int startLevel, String file) {
}
