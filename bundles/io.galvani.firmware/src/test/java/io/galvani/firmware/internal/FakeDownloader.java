package io.galvani.firmware.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CountDownLatch;

import io.galvani.filetransfer.TransferLocation;

/** Downloads what the test scripted, one entry per attempt: bytes, a failure text, or a block until canceled. */
final class FakeDownloader implements Downloader {
    static final Object BLOCK = new Object();

    private final Deque<Object> script = new ArrayDeque<>();
    volatile int attempts;
    final CountDownLatch blocked = new CountDownLatch(1);

    synchronized FakeDownloader then(Object outcome) {
        script.add(outcome);
        return this;
    }

    @Override
    public void download(TransferLocation location, Path target, Settings settings, AbortHook abort)
            throws DownloadException, InterruptedException {
        attempts++;
        Object next;
        synchronized (this) {
            next = script.isEmpty() ? "connection refused or unreachable" : script.poll();
        }
        if (next == BLOCK) {
            blocked.countDown();
            new CountDownLatch(1).await(); // until interrupted
        }
        if (next instanceof String failure) {
            throw new DownloadException(failure);
        }
        try {
            Files.write(target, (byte[]) next);
        } catch (java.io.IOException e) {
            throw new DownloadException(e.toString());
        }
    }
}
