package io.galvani.transactions.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Configuration of PID {@code io.galvani.transactions}: the TxCtrlr variables of the device model
 * ({@link TxCtrlrVariables}); SetVariables writes them here and the transaction manager applies them
 * live (to sessions that start from then on for the start point). Defaults are those of the certified
 * reference product (PICS C-09.4, C-10.1/C-10.2).
 */
@ObjectClassDefinition(name = "Galvani transactions", description = "TxCtrlr: when transactions start and stop")
public @interface TransactionsConfig {

    @AttributeDefinition(description = "TxCtrlr.TxStartPoint: comma-separated ParkingBayOccupancy, EVConnected, "
            + "Authorized, DataSigned, PowerPathClosed, EnergyTransfer; the transaction starts at the first reached")
    String txStartPoint() default "PowerPathClosed";

    @AttributeDefinition(description = "TxCtrlr.TxStopPoint: comma-separated ParkingBayOccupancy, EVConnected, "
            + "Authorized, PowerPathClosed, EnergyTransfer; the transaction ends when the first is no longer true")
    String txStopPoint() default "EVConnected,Authorized";

    @AttributeDefinition(description = "TxCtrlr.EVConnectionTimeOut: seconds an authorization waits for the "
            + "cable (E03.FR.05)", min = "1")
    int evConnectionTimeOutSeconds() default 120;

    @AttributeDefinition(description = "TxCtrlr.StopTxOnInvalidId: end (or suspend) a transaction whose "
            + "idToken the CSMS reports as not valid (E05)")
    boolean stopTxOnInvalidId() default true;

    @AttributeDefinition(description = "TxCtrlr.MaxEnergyOnInvalidId: Wh still delivered after the CSMS "
            + "reported the idToken as not valid, when StopTxOnInvalidId is false (E05.FR.03)", min = "0")
    int maxEnergyOnInvalidIdWh() default 0;

    @AttributeDefinition(description = "Seconds the session summary stays on the display after a transaction "
            + "ended and the cable is out", min = "0")
    int summarySeconds() default 30;

    @AttributeDefinition(description = "Milliseconds a call into a connector or power-cabinet driver may take before "
            + "the device is treated as faulted (the HAL contract is 50 ms); the transaction thread never waits longer",
            min = "50")
    long halCallTimeoutMillis() default 2000;
}
