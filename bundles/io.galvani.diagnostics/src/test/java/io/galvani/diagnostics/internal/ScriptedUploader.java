package io.galvani.diagnostics.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.galvani.filetransfer.TransferLocation;
import io.galvani.ocpp.model.types.UploadLogStatusEnumType;

/**
 * An uploader doing what the test scripted: succeed, fail with a status, or block until aborted. Records
 * every attempt with the archive it was given.
 */
final class ScriptedUploader implements Uploader {
    /** A result: null = success. */
    final Queue<UploadLogStatusEnumType> script = new ConcurrentLinkedQueue<>();
    volatile UploadLogStatusEnumType otherwise;
    final AtomicInteger attempts = new AtomicInteger();
    final List<byte[]> archives = new CopyOnWriteArrayList<>();
    final List<String> filenames = new CopyOnWriteArrayList<>();
    final List<Path> archivePaths = new CopyOnWriteArrayList<>();
    volatile boolean block;
    final CountDownLatch blocked = new CountDownLatch(1);
    final CountDownLatch aborted = new CountDownLatch(1);

    @Override
    public void upload(TransferLocation target, Path file, String filename, Settings settings, AbortHook abort)
            throws UploadException, InterruptedException {
        attempts.incrementAndGet();
        filenames.add(filename);
        archivePaths.add(file);
        try {
            archives.add(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        if (block) {
            abort.set(aborted::countDown);
            blocked.countDown();
            if (!aborted.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("never aborted");
            }
            throw new UploadException(UploadLogStatusEnumType.UploadFailure, "aborted");
        }
        UploadLogStatusEnumType result = script.isEmpty() ? otherwise : script.poll();
        if (result != null) {
            throw new UploadException(result, "scripted " + result);
        }
    }
}
