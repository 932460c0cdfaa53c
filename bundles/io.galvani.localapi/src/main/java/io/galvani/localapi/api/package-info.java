/**
 * The station's embedded HTTP server as other bundles extend it: {@link io.galvani.localapi.api.WebContent}.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.galvani.localapi.api;
