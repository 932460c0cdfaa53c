package io.galvani.firmware.installer.internal;

/** A step of applying a set failed; the message names the step and the bundle. */
final class ApplyException extends Exception {
    private static final long serialVersionUID = 1L;

    ApplyException(String message) {
        super(message);
    }

    ApplyException(String message, Throwable cause) {
        super(message + ": " + rootMessage(cause), cause);
    }

    private static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == t ? String.valueOf(t.getMessage()) : t.getMessage() + " (" + root + ")";
    }
}
