package io.galvani.diagnostics.internal;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.UUID;

import javax.net.ssl.SSLException;

import io.galvani.filetransfer.TransferLocation;
import io.galvani.filetransfer.Redaction;
import io.galvani.filetransfer.TlsTrust;
import io.galvani.ocpp.model.types.UploadLogStatusEnumType;

/**
 * HTTP and HTTPS upload: one POST with a multipart/form-data body holding the file as part
 * {@code uploadfile} with its file name (N01.FR.19). User info in the location becomes Basic
 * authentication; any 2xx answer is success. Redirects are not followed.
 */
final class HttpUploader implements Uploader {

    @Override
    public void upload(TransferLocation target, Path file, String filename, Settings settings, AbortHook abort)
            throws UploadException, InterruptedException {
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                // HTTP/1.1: no h2c upgrade attempt on a POST with a body, which some upload servers refuse.
                .version(HttpClient.Version.HTTP_1_1);
        if (target.secure()) {
            try {
                builder.sslContext(TlsTrust.sslContext(settings.trustStore(), settings.trustStorePassword()));
            } catch (GeneralSecurityException | IOException e) {
                throw new UploadException(UploadLogStatusEnumType.UploadFailure,
                        "trust store " + settings.trustStore() + " unusable: " + e.getClass().getSimpleName());
            }
        }
        HttpClient client = builder.build();
        String boundary = "galvani-" + UUID.randomUUID();
        String head = "--" + boundary + "\r\n"
                + "Content-Disposition: form-data; name=\"uploadfile\"; filename=\"" + filename + "\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n";
        String tail = "\r\n--" + boundary + "--\r\n";
        HttpRequest.Builder request;
        try {
            request = HttpRequest.newBuilder(target.httpUri()).timeout(settings.transferTimeout())
                    .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                    .POST(BodyPublishers.concat(BodyPublishers.ofString(head, StandardCharsets.UTF_8),
                            BodyPublishers.ofFile(file), BodyPublishers.ofString(tail, StandardCharsets.UTF_8)));
        } catch (FileNotFoundException e) {
            throw new UploadException(UploadLogStatusEnumType.UploadFailure, "archive vanished");
        }
        if (target.user() != null) {
            String credentials = target.user() + ":" + (target.password() == null ? "" : target.password());
            request.header("Authorization",
                    "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
        }
        // HttpClient.send gives up when this thread is interrupted, which is how a cancel reaches it.
        abort.set(() -> { });
        HttpResponse<Void> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.discarding());
        } catch (HttpConnectTimeoutException e) {
            throw new UploadException(UploadLogStatusEnumType.UploadFailure, "connect timeout");
        } catch (HttpTimeoutException e) {
            throw new UploadException(UploadLogStatusEnumType.UploadFailure, "no answer within the transfer timeout");
        } catch (ConnectException e) {
            throw new UploadException(UploadLogStatusEnumType.UploadFailure, "connection refused or unreachable");
        } catch (SSLException e) {
            throw new UploadException(UploadLogStatusEnumType.UploadFailure,
                    "TLS handshake failed: " + safe(e.getMessage(), target));
        } catch (IOException e) {
            if (e.getCause() instanceof SSLException ssl) {
                throw new UploadException(UploadLogStatusEnumType.UploadFailure,
                        "TLS handshake failed: " + safe(ssl.getMessage(), target));
            }
            throw new UploadException(UploadLogStatusEnumType.UploadFailure,
                    e.getClass().getSimpleName() + ": " + safe(e.getMessage(), target));
        }
        int code = response.statusCode();
        if (code / 100 != 2) {
            throw new UploadException(statusFor(code), "HTTP " + code);
        }
    }

    /** Maps a non-2xx HTTP status to the LogStatusNotification status. */
    static UploadLogStatusEnumType statusFor(int code) {
        return switch (code) {
            case 401, 403, 407 -> UploadLogStatusEnumType.PermissionDenied;
            case 405, 501 -> UploadLogStatusEnumType.NotSupportedOperation;
            case 400 -> UploadLogStatusEnumType.BadMessage;
            default -> UploadLogStatusEnumType.UploadFailure;
        };
    }

    private static String safe(String message, TransferLocation target) {
        return Redaction.text(message, target.secrets());
    }
}
