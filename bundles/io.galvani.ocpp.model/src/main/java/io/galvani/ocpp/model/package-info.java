/** OCPP 2.0.1 message model: {@link io.galvani.ocpp.model.Action}, the JSON codec {@link io.galvani.ocpp.model.OcppJson} and the constraint annotations of the generated types. */
@Export
@Version("1.0.0")
package io.galvani.ocpp.model;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
