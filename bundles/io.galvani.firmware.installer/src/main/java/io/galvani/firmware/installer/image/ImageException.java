package io.galvani.firmware.installer.image;

/** An image (or a jar in it) that must not be used; the message names the file and the reason. */
public class ImageException extends Exception {

    private static final long serialVersionUID = 1L;

    public enum Kind {
        /** Not a readable Galvani image, or it breaks a rule of the format. */
        MALFORMED,
        /** A jar's content does not match its hash in the manifest. */
        HASH_MISMATCH
    }

    private final Kind kind;

    public ImageException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public ImageException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
