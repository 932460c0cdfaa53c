/**
 * What every bundle that moves files to or from a server the CSMS names needs alike: parsing the location
 * ({@link io.galvani.filetransfer.TransferLocation}, also the unescaped user infos CSMSs send), keeping its secrets
 * out of logs ({@link io.galvani.filetransfer.Redaction}) and deciding which TLS servers to trust
 * ({@link io.galvani.filetransfer.TlsTrust}: the JDK CAs plus an optional PKCS12 trust store).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.galvani.filetransfer;
