package io.galvani.firmware.internal;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

import javax.net.ssl.SSLException;

import io.galvani.filetransfer.Redaction;
import io.galvani.filetransfer.TlsTrust;
import io.galvani.filetransfer.TransferLocation;

/**
 * HTTP and HTTPS download: one GET; user info in the location becomes Basic authentication, only 200 is success.
 * Redirects are followed (not from HTTPS to HTTP) only when the location has no user info, so that credentials
 * never reach another server. A declared Content-Length above the maximum is refused
 * before the body is read; a body that turns out longer is cut off. A server that sends nothing for the transfer
 * timeout is given up (the HttpClient's own timeout ends with the response headers).
 */
final class HttpDownloader implements Downloader {

    @Override
    public void download(TransferLocation location, Path target, Settings settings, AbortHook abort)
            throws DownloadException, InterruptedException {
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(settings.connectTimeout())
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(location.user() == null ? HttpClient.Redirect.NORMAL : HttpClient.Redirect.NEVER);
        if (location.secure()) {
            try {
                builder.sslContext(TlsTrust.sslContext(settings.trustStore(), settings.trustStorePassword()));
            } catch (GeneralSecurityException | IOException e) {
                throw new DownloadException(
                        "trust store " + settings.trustStore() + " unusable: " + e.getClass().getSimpleName());
            }
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(location.httpUri()).timeout(settings.transferTimeout())
                .GET();
        if (location.user() != null) {
            String credentials = location.user() + ":" + (location.password() == null ? "" : location.password());
            request.header("Authorization",
                    "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
        }
        Path file = target;
        AtomicReference<FileSubscriber> body = new AtomicReference<>();
        HttpResponse.BodyHandler<Long> handler = info -> {
            long declared = info.headers().firstValueAsLong("Content-Length").orElse(-1);
            Throwable refusal = info.statusCode() != 200 ? new DownloadException("HTTP " + info.statusCode())
                    : declared > settings.maxImageBytes() ? new DownloadException("image of " + declared
                            + " bytes is larger than the configured maximum of " + settings.maxImageBytes())
                    : null;
            FileSubscriber subscriber = new FileSubscriber(file, settings.maxImageBytes(), refusal);
            body.set(subscriber);
            return HttpResponse.BodySubscribers.fromSubscriber(subscriber, FileSubscriber::written);
        };
        CompletableFuture<HttpResponse<Long>> exchange = builder.build().sendAsync(request.build(), handler);
        Runnable stop = () -> {
            exchange.cancel(true);
            FileSubscriber b = body.get();
            if (b != null) {
                b.abort();
            }
        };
        abort.set(stop);
        HttpResponse<Long> response = await(exchange, body, settings, stop, location);
        FileSubscriber taken = body.get();
        if (taken != null && taken.failure() != null) {
            throw failure(taken.failure(), location); // e.g. refused with an empty body that completed at once
        }
        long declared = response.headers().firstValueAsLong("Content-Length").orElse(-1);
        if (declared >= 0 && response.body() != declared) {
            throw new DownloadException("truncated: " + response.body() + " of " + declared + " bytes");
        }
    }

    /**
     * Waits for the whole body, checking every second that data still flows: a server silent for the transfer
     * timeout is given up, as is the download when this thread is interrupted (canceled).
     */
    private static HttpResponse<Long> await(CompletableFuture<HttpResponse<Long>> exchange,
            AtomicReference<FileSubscriber> body, Settings settings, Runnable stop, TransferLocation location)
            throws DownloadException, InterruptedException {
        long silenceLimit = settings.transferTimeout().toNanos();
        while (true) {
            try {
                return exchange.get(1, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                FileSubscriber b = body.get();
                if (b != null && b.failure() != null) {
                    stop.run();
                    throw failure(b.failure(), location);
                }
                if (b != null && b.nanosSinceData() > silenceLimit) {
                    stop.run();
                    throw new DownloadException("no data for " + settings.transferTimeout().toSeconds() + " s");
                }
            } catch (InterruptedException e) {
                stop.run();
                throw e;
            } catch (ExecutionException e) {
                FileSubscriber b = body.get();
                Throwable cause = b != null && b.failure() != null ? b.failure() : e.getCause();
                throw failure(cause, location);
            }
        }
    }

    private static DownloadException failure(Throwable cause, TransferLocation location) {
        if (cause instanceof DownloadException d) {
            return d;
        }
        if (cause instanceof LimitedCopy.TooLarge) {
            return new DownloadException(cause.getMessage());
        }
        if (cause instanceof HttpConnectTimeoutException) {
            return new DownloadException("connect timeout");
        }
        if (cause instanceof HttpTimeoutException) {
            return new DownloadException("no answer within the transfer timeout");
        }
        if (cause instanceof IOException && String.valueOf(cause.getMessage()).contains("WWW-Authenticate")) {
            return new DownloadException("HTTP 401"); // the JDK client's way to say it without the header
        }
        if (cause instanceof ConnectException) {
            return new DownloadException("connection refused or unreachable");
        }
        if (cause instanceof SSLException || cause != null && cause.getCause() instanceof SSLException) {
            Throwable ssl = cause instanceof SSLException ? cause : cause.getCause();
            return new DownloadException("TLS handshake failed: " + safe(ssl.getMessage(), location));
        }
        if (cause instanceof java.io.EOFException || cause instanceof IOException
                && String.valueOf(cause.getMessage()).contains("content-length")) {
            return new DownloadException("truncated: the server closed the connection early ("
                    + safe(cause.getMessage(), location) + ")");
        }
        return new DownloadException(cause == null ? "failed"
                : cause.getClass().getSimpleName() + ": " + safe(cause.getMessage(), location));
    }

    private static String safe(String message, TransferLocation location) {
        return Redaction.text(message, location.secrets());
    }
}
