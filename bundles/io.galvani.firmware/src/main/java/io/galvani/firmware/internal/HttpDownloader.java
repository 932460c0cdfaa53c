package io.galvani.firmware.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
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

import javax.net.ssl.SSLException;

import io.galvani.filetransfer.Redaction;
import io.galvani.filetransfer.TlsTrust;
import io.galvani.filetransfer.TransferLocation;

/**
 * HTTP and HTTPS download: one GET; user info in the location becomes Basic authentication, only 200 is success.
 * Redirects are followed (not from HTTPS to HTTP) only when the location has no user info, so that credentials
 * never reach another server. A declared Content-Length above the maximum is refused
 * before the body is read; a body that turns out longer is cut off.
 */
final class HttpDownloader implements Downloader {

    @Override
    public void download(TransferLocation location, Path target, Settings settings, AbortHook abort)
            throws DownloadException, InterruptedException {
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(settings.connectTimeout())
                .followRedirects(location.user() == null ? HttpClient.Redirect.NORMAL : HttpClient.Redirect.NEVER).version(HttpClient.Version.HTTP_1_1);
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
        // HttpClient.send gives up when this thread is interrupted; the body stream is closed by the abort.
        abort.set(() -> { });
        try {
            HttpResponse<InputStream> response = builder.build().send(request.build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                abort.set(() -> closeQuietly(body));
                if (response.statusCode() != 200) {
                    throw new DownloadException("HTTP " + response.statusCode());
                }
                long declared = response.headers().firstValueAsLong("Content-Length").orElse(-1);
                if (declared > settings.maxImageBytes()) {
                    throw new DownloadException("image of " + declared + " bytes is larger than the configured "
                            + "maximum of " + settings.maxImageBytes());
                }
                long got = LimitedCopy.copy(body, target, settings.maxImageBytes());
                if (declared >= 0 && got != declared) {
                    throw new DownloadException("truncated: " + got + " of " + declared + " bytes");
                }
            }
        } catch (HttpConnectTimeoutException e) {
            throw new DownloadException("connect timeout");
        } catch (HttpTimeoutException e) {
            throw new DownloadException("no answer within the transfer timeout");
        } catch (ConnectException e) {
            throw new DownloadException("connection refused or unreachable");
        } catch (LimitedCopy.TooLarge e) {
            throw new DownloadException(e.getMessage());
        } catch (SSLException e) {
            throw new DownloadException("TLS handshake failed: " + safe(e.getMessage(), location));
        } catch (InterruptedIOException e) {
            throw interrupted();
        } catch (IOException e) {
            if (Thread.currentThread().isInterrupted()) {
                throw interrupted();
            }
            if (e.getCause() instanceof SSLException ssl) {
                throw new DownloadException("TLS handshake failed: " + safe(ssl.getMessage(), location));
            }
            throw new DownloadException(e.getClass().getSimpleName() + ": " + safe(e.getMessage(), location));
        }
    }

    private static InterruptedException interrupted() {
        return new InterruptedException("download canceled");
    }

    private static String safe(String message, TransferLocation location) {
        return Redaction.text(message, location.secrets());
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
