package io.galvani.csms.demo;

/** Which way a frame travelled. */
public enum Direction {
    /** Sent by the charging station, received by the CSMS. */
    TO_CSMS,
    /** Sent by the CSMS to the charging station. */
    TO_STATION
}
