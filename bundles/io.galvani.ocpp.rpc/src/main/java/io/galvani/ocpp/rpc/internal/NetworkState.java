package io.galvani.ocpp.rpc.internal;

/**
 * What the transport tells the bundle's other components about the connection: the live values
 * behind OCPPCommCtrlr.ActiveNetworkProfile, MessageTimeout[Default] and SecurityCtrlr.SecurityProfile,
 * Identity. A service of {@link OcppRpcLink}, internal to this bundle (the package is not exported).
 * Any thread.
 */
public interface NetworkState {

    /** The configuration slot of the current connection, or of the attempt in progress; 0 before any. */
    int activeNetworkProfile();

    /** The security profile of the last successful connection (before one: of the first slot to try). */
    int securityProfile();

    /** messageTimeout of the network connection profile in use, in seconds. */
    int messageTimeoutSeconds();

    /** The station identity (stationId). */
    String stationId();

    /** Whether a valid CSMSRootCertificate is installed (A05.FR.02). */
    boolean csmsRootCertificateInstalled();

    /** Whether a valid ChargingStationCertificate is installed (A05.FR.03). */
    boolean stationCertificateInstalled();
}
