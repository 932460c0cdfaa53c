package io.galvani.diagnostics.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import javax.net.ssl.SSLException;

import org.apache.commons.net.ftp.FTPClient;

import io.galvani.filetransfer.TransferLocation;
import io.galvani.filetransfer.Redaction;
import io.galvani.filetransfer.FtpSessions;
import io.galvani.ocpp.model.types.UploadLogStatusEnumType;

/**
 * FTP and FTPS upload: a session as {@link FtpSessions} opens it (passive, binary; explicit FTPS, implicit on port
 * 990), the file stored under its own name in the directory the location's path names (the directory must exist).
 */
final class FtpUploader implements Uploader {

    @Override
    public void upload(TransferLocation target, Path file, String filename, Settings settings, AbortHook abort)
            throws UploadException, InterruptedException {
        FTPClient ftp = null;
        try {
            ftp = FtpSessions.newClient(target, settings.connectTimeout(), settings.transferTimeout(),
                    settings.trustStore(), settings.trustStorePassword());
            FTPClient session = ftp;
            abort.set(() -> FtpSessions.disconnectQuietly(session));
            FtpSessions.open(ftp, target, settings.transferTimeout());
            String directory = target.ftpDirectory();
            if (!directory.isEmpty()) {
                FtpSessions.check(ftp, ftp.changeWorkingDirectory(directory), "CWD", target);
            }
            try (InputStream in = Files.newInputStream(file)) {
                FtpSessions.check(ftp, ftp.storeFile(filename, in), "STOR", target);
            }
            ftp.logout();
        } catch (FtpSessions.StepFailed e) {
            throw new UploadException(statusFor(e.replyCode()), e.getMessage());
        } catch (NoSuchFileException e) {
            throw new UploadException(UploadLogStatusEnumType.UploadFailure, "archive vanished");
        } catch (ConnectException e) {
            throw new UploadException(UploadLogStatusEnumType.UploadFailure, "connection refused or unreachable");
        } catch (SocketTimeoutException e) {
            throw new UploadException(UploadLogStatusEnumType.UploadFailure, "timeout");
        } catch (SSLException e) {
            throw new UploadException(UploadLogStatusEnumType.UploadFailure,
                    "TLS failed: " + Redaction.text(e.getMessage(), target.secrets()));
        } catch (IOException e) {
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedException("upload canceled");
            }
            throw new UploadException(UploadLogStatusEnumType.UploadFailure,
                    e.getClass().getSimpleName() + ": " + Redaction.text(e.getMessage(), target.secrets()));
        } finally {
            if (ftp != null) {
                FtpSessions.disconnectQuietly(ftp);
            }
        }
    }

    /** Maps an FTP reply code of a failed step to the LogStatusNotification status. */
    static UploadLogStatusEnumType statusFor(int code) {
        return switch (code) {
            case 530, 532 -> UploadLogStatusEnumType.PermissionDenied;
            case 500, 502, 504, 534 -> UploadLogStatusEnumType.NotSupportedOperation;
            case 501 -> UploadLogStatusEnumType.BadMessage;
            default -> UploadLogStatusEnumType.UploadFailure;
        };
    }
}
