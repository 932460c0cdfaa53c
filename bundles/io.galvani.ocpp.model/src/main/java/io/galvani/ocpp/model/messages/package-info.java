/** Request and response payloads of the 64 OCPP 2.0.1 actions, generated from the official JSON schemas. */
@Export
@Version("1.0.0")
package io.galvani.ocpp.model.messages;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
