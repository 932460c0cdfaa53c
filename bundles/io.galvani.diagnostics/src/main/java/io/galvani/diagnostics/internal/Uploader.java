package io.galvani.diagnostics.internal;

import java.nio.file.Path;

import io.galvani.filetransfer.TransferLocation;

/** Transfers one file to one remote location with one protocol. */
interface Uploader {

    /**
     * Uploads {@code file} as {@code filename}; blocks until done. Called on the diagnostics executor.
     *
     * @param abort receives an action that makes the blocking transfer return at once (closes the
     *              connection); called from another thread when the upload is canceled
     * @throws UploadException      when the attempt failed, with the status to report
     * @throws InterruptedException when the thread was interrupted (upload canceled)
     */
    void upload(TransferLocation target, Path file, String filename, Settings settings, AbortHook abort)
            throws UploadException, InterruptedException;

    /** Where an uploader registers how to break off its blocking I/O. */
    interface AbortHook {
        void set(Runnable abortAction);
    }
}
