/**
 * Meter values for other bundles: the transaction bundle takes the samples of its TransactionEvents
 * from here, so that every message reports a reading alike and the SampledDataCtrlr /
 * AlignedDataCtrlr settings live in one place.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.galvani.metering.api;
