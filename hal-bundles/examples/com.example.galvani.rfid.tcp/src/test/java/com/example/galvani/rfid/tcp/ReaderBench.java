package com.example.galvani.rfid.tcp;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A fake Ethernet RFID reader on loopback: a real TCP server that accepts the driver's connection and sends
 * lines on it, as the device would. Can be "unplugged" (server and connection closed) and plugged in again on
 * the same port.
 */
final class ReaderBench implements AutoCloseable {
    private final int port;
    private final BlockingQueue<Socket> accepted = new LinkedBlockingQueue<>();
    private volatile ServerSocket server;
    private volatile Socket current;
    private Thread acceptor;

    ReaderBench() throws IOException {
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true);
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        this.port = s.getLocalPort();
        listen(s);
    }

    int port() {
        return port;
    }

    private void listen(ServerSocket s) {
        server = s;
        acceptor = new Thread(() -> {
            while (!s.isClosed()) {
                try {
                    accepted.add(s.accept());
                } catch (IOException e) {
                    return; // closed
                }
            }
        }, "reader-bench-" + port);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** The driver's connection, waiting for it if it is not there yet. */
    Socket connection(Duration timeout) {
        try {
            Socket next;
            while ((next = accepted.poll()) != null) {
                current = next; // the newest one (after reconnects)
            }
            if (current == null || current.isClosed()) {
                current = accepted.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            }
            if (current == null) {
                throw new AssertionError("the driver did not connect to the bench within " + timeout);
            }
            return current;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Sends raw bytes as the reader would (a line needs its own "\r\n"). */
    void send(String text) {
        try {
            OutputStream out = connection(Duration.ofSeconds(10)).getOutputStream();
            out.write(text.getBytes(StandardCharsets.US_ASCII));
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void sendLine(String line) {
        send(line + "\r\n");
    }

    /** Power off: the server stops listening and the connection drops. */
    void unplug() {
        closeQuietly(server);
        closeQuietly(current);
        Socket s;
        while ((s = accepted.poll()) != null) {
            closeQuietly(s);
        }
        current = null;
    }

    /** Power on again, on the same port. */
    void plugIn() throws IOException {
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true);
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        listen(s);
    }

    /** Whether the driver's connection has been closed by the driver (read sees end of stream). */
    boolean driverClosedConnection(Socket connection) {
        try {
            connection.setSoTimeout(50);
            return connection.getInputStream().read() < 0;
        } catch (java.net.SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    @Override
    public void close() {
        unplug();
    }

    private static void closeQuietly(java.io.Closeable c) {
        if (c != null) {
            try {
                c.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }
}
