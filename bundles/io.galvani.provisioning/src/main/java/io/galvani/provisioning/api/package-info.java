/** The station's registration with its CSMS (OCPP 2.0.1 functional block B). */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.galvani.provisioning.api;
