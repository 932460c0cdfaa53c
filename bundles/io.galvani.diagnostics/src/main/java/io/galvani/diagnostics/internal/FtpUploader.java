package io.galvani.diagnostics.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;

import javax.net.ssl.SSLException;

import org.apache.commons.net.ftp.FTP;
import org.apache.commons.net.ftp.FTPClient;
import org.apache.commons.net.ftp.FTPReply;
import org.apache.commons.net.ftp.FTPSClient;

import io.galvani.filetransfer.TransferLocation;
import io.galvani.filetransfer.Redaction;
import io.galvani.filetransfer.TlsTrust;
import io.galvani.ocpp.model.types.UploadLogStatusEnumType;

/**
 * FTP and FTPS upload with Apache Commons Net: passive mode, binary, the file stored under its own name in
 * the directory the location's path names (the directory must exist). {@code ftps://} is explicit FTPS
 * (AUTH TLS, then PBSZ 0 / PROT P so the data connection is encrypted too); port 990 means implicit FTPS.
 * The server certificate is checked against {@link TlsTrust} and its host name.
 */
final class FtpUploader implements Uploader {
    static final int IMPLICIT_FTPS_PORT = 990;

    @Override
    public void upload(TransferLocation target, Path file, String filename, Settings settings, AbortHook abort)
            throws UploadException, InterruptedException {
        FTPClient ftp = target.secure() ? ftps(target, settings) : new FTPClient();
        ftp.setConnectTimeout(millis(settings.connectTimeout().toMillis()));
        ftp.setDefaultTimeout(millis(settings.transferTimeout().toMillis()));
        ftp.setDataTimeout(settings.transferTimeout());
        abort.set(() -> disconnectQuietly(ftp));
        try {
            int port = target.port() > 0 ? target.port() : (isImplicit(target) ? IMPLICIT_FTPS_PORT : FTP.DEFAULT_PORT);
            ftp.connect(target.host(), port);
            check(ftp, FTPReply.isPositiveCompletion(ftp.getReplyCode()), "connect", target);
            ftp.setSoTimeout(millis(settings.transferTimeout().toMillis()));
            String user = target.user() == null || target.user().isEmpty() ? "anonymous" : target.user();
            String password = target.password() == null ? (target.user() == null ? "galvani@" : "") : target.password();
            check(ftp, ftp.login(user, password), "login", target);
            if (ftp instanceof FTPSClient ftps) {
                ftps.execPBSZ(0);
                check(ftp, FTPReply.isPositiveCompletion(ftp.getReplyCode()), "PBSZ", target);
                ftps.execPROT("P");
                check(ftp, FTPReply.isPositiveCompletion(ftp.getReplyCode()), "PROT P", target);
            }
            check(ftp, ftp.setFileType(FTP.BINARY_FILE_TYPE), "TYPE I", target);
            ftp.enterLocalPassiveMode();
            String directory = target.ftpDirectory();
            if (!directory.isEmpty()) {
                check(ftp, ftp.changeWorkingDirectory(directory), "CWD", target);
            }
            try (InputStream in = Files.newInputStream(file)) {
                check(ftp, ftp.storeFile(filename, in), "STOR", target);
            }
            ftp.logout();
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
            disconnectQuietly(ftp);
        }
    }

    private static boolean isImplicit(TransferLocation target) {
        return target.secure() && target.port() == IMPLICIT_FTPS_PORT;
    }

    private static FTPSClient ftps(TransferLocation target, Settings settings) throws UploadException {
        FTPSClient ftps = new FTPSClient("TLS", isImplicit(target));
        try {
            ftps.setTrustManager(TlsTrust.trustManager(settings.trustStore(), settings.trustStorePassword()));
        } catch (GeneralSecurityException | IOException e) {
            throw new UploadException(UploadLogStatusEnumType.UploadFailure,
                    "trust store " + settings.trustStore() + " unusable: " + e.getClass().getSimpleName());
        }
        ftps.setEndpointCheckingEnabled(true);
        return ftps;
    }

    /** Fails the attempt with the status the last reply maps to unless {@code ok}. */
    private static void check(FTPClient ftp, boolean ok, String step, TransferLocation target) throws UploadException {
        if (!ok) {
            int code = ftp.getReplyCode();
            String reply = ftp.getReplyString() == null ? "" : ftp.getReplyString().strip();
            throw new UploadException(statusFor(code),
                    step + " failed: " + Redaction.text(reply, target.secrets()));
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

    private static int millis(long ms) {
        return (int) Math.min(Integer.MAX_VALUE, ms);
    }

    private static void disconnectQuietly(FTPClient ftp) {
        if (ftp.isConnected()) {
            try {
                ftp.disconnect();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }
}
