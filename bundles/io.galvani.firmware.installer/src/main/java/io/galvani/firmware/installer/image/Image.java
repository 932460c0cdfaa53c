package io.galvani.firmware.installer.image;

import java.nio.file.Path;

/**
 * A verified image, unpacked: its manifest and the folder holding its jars (named as in the manifest).
 */
public record Image(ImageManifest manifest, Path jars) {

    public Path jar(ImageBundle bundle) {
        return jars.resolve(bundle.file());
    }
}
