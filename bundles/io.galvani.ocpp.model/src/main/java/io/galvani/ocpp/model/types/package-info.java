/** Data types and enumerations shared by the OCPP 2.0.1 payloads, generated from the official JSON schemas. */
@Export
@Version("1.0.0")
package io.galvani.ocpp.model.types;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
