package io.galvani.csms.demo.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;

import io.galvani.csms.demo.Frame;

/** Every frame in order, with blocking waits on a condition (no polling). */
final class FrameStore {

    private static final int CONTEXT_FRAMES = 15;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition added = lock.newCondition();
    private final List<Frame> frames = new ArrayList<>();

    void add(Frame frame) {
        lock.lock();
        try {
            frames.add(frame);
            added.signalAll();
        } finally {
            lock.unlock();
        }
    }

    List<Frame> snapshot() {
        lock.lock();
        try {
            return List.copyOf(frames);
        } finally {
            lock.unlock();
        }
    }

    int size() {
        lock.lock();
        try {
            return frames.size();
        } finally {
            lock.unlock();
        }
    }

    /** First frame at index {@code >= since} that matches; AssertionError with the recent traffic on timeout. */
    Frame await(int since, Predicate<Frame> matcher, Duration timeout, String what) {
        long remaining = timeout.toNanos();
        int next = Math.max(0, since);
        lock.lock();
        try {
            while (true) {
                for (; next < frames.size(); next++) {
                    Frame frame = frames.get(next);
                    if (matcher.test(frame)) {
                        return frame;
                    }
                }
                if (remaining <= 0) {
                    throw new AssertionError("No " + what + " within " + timeout + " (frames from index " + since
                            + ")" + recent());
                }
                remaining = added.awaitNanos(remaining);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted while waiting for " + what, e);
        } finally {
            lock.unlock();
        }
    }

    private String recent() {
        StringBuilder text = new StringBuilder("; last frames:");
        if (frames.isEmpty()) {
            return text.append(" none").toString();
        }
        for (int i = Math.max(0, frames.size() - CONTEXT_FRAMES); i < frames.size(); i++) {
            text.append("\n  #").append(i).append(' ').append(TrafficLog.describe(frames.get(i)));
        }
        return text.toString();
    }

}
