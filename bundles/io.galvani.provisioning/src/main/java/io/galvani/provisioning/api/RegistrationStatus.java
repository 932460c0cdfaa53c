package io.galvani.provisioning.api;

/** Where the station is in the boot sequence (B01–B03). */
public enum RegistrationStatus {
    /** No BootNotification has been answered yet since start-up. */
    Unknown,
    /** The CSMS answered Pending: only BootNotification and what the CSMS asks for may flow. */
    Pending,
    /** The CSMS accepted the station: normal operation. */
    Accepted,
    /** The CSMS rejected the station: nothing flows until the retry interval has passed. */
    Rejected
}
