package io.galvani.firmware.api;

/** {@link FirmwareInstaller#check} refused an image; nothing was changed. */
public class ImageRejectedException extends Exception {

    private static final long serialVersionUID = 1L;

    public enum Reason {
        /** Not a Galvani image, or its manifest is unreadable or incomplete. */
        MALFORMED,
        /** A bundle's content does not match the hash in the manifest. */
        HASH_MISMATCH,
        /** The new set does not resolve in this framework. */
        DOES_NOT_RESOLVE,
        /** Another installation is running. */
        BUSY
    }

    private final Reason reason;

    public ImageRejectedException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
