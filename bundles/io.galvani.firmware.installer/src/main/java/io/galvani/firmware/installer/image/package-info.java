/**
 * The Galvani firmware image format: a zip holding {@value io.galvani.firmware.installer.image.ImageManifest#PATH}
 * and the jars of a complete bundle set under {@code bundles/}; reading with every check an untrusted file needs,
 * writing, and the content hash that makes the same bundle built at two commits equal. Shared by the installer and
 * the {@code galvani-image} tool. See the bundle README for the format.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.galvani.firmware.installer.image;
