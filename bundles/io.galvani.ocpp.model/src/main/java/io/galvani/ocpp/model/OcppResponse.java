package io.galvani.ocpp.model;

import org.osgi.annotation.versioning.ProviderType;

/** A response payload (the third element of a CALLRESULT frame) of an OCPP 2.0.1 action. */
@ProviderType
public interface OcppResponse {
}
