package io.galvani.firmware.internal;

import java.nio.file.Path;

import io.galvani.filetransfer.TransferLocation;

/** Fetches one file; one implementation per protocol family. */
interface Downloader {

    /** Lets a canceling thread break off a blocking transfer (e.g. close the FTP connection). */
    interface AbortHook {
        void set(Runnable abort);
    }

    /**
     * Writes the file at {@code location} to {@code target} (created owner-only by the caller), at most
     * {@code settings.maxImageBytes()} bytes.
     *
     * @throws DownloadException    the attempt failed (message without secrets)
     * @throws InterruptedException the download was canceled
     */
    void download(TransferLocation location, Path target, Settings settings, AbortHook abort)
            throws DownloadException, InterruptedException;
}
