package io.galvani.firmware.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.nio.file.Path;

import javax.net.ssl.SSLException;

import org.apache.commons.net.ftp.FTPClient;
import org.apache.commons.net.ftp.FTPFile;

import io.galvani.filetransfer.Redaction;
import io.galvani.filetransfer.FtpSessions;
import io.galvani.filetransfer.TransferLocation;

/**
 * FTP and FTPS download: a session as {@link FtpSessions} opens it (passive as the L01 remark asks, binary;
 * explicit FTPS, implicit on port 990), the file the location's path names. When the
 * server tells the file's size, a larger one than allowed is refused before the transfer and a shorter transfer is
 * a truncated download.
 */
final class FtpDownloader implements Downloader {

    @Override
    public void download(TransferLocation location, Path target, Settings settings, AbortHook abort)
            throws DownloadException, InterruptedException {
        String path = location.ftpDirectory();
        if (path.isEmpty() || path.endsWith("/")) {
            throw new DownloadException("the location names no file");
        }
        FTPClient ftp = null;
        try {
            ftp = FtpSessions.newClient(location, settings.connectTimeout(), settings.transferTimeout(),
                    settings.trustStore(), settings.trustStorePassword());
            FTPClient session = ftp;
            abort.set(() -> FtpSessions.disconnectQuietly(session));
            FtpSessions.open(ftp, location, settings.transferTimeout());
            long declared = size(ftp, path);
            if (declared > settings.maxImageBytes()) {
                throw new DownloadException("image of " + declared + " bytes is larger than the configured maximum of "
                        + settings.maxImageBytes());
            }
            long got;
            try (InputStream in = ftp.retrieveFileStream(path)) {
                FtpSessions.check(ftp, in != null, "RETR", location);
                got = LimitedCopy.copy(in, target, settings.maxImageBytes());
            }
            FtpSessions.check(ftp, ftp.completePendingCommand(), "RETR", location);
            if (declared >= 0 && got != declared) {
                throw new DownloadException("truncated: " + got + " of " + declared + " bytes");
            }
            ftp.logout();
        } catch (FtpSessions.StepFailed e) {
            throw new DownloadException(e.getMessage());
        } catch (ConnectException e) {
            throw new DownloadException("connection refused or unreachable");
        } catch (SocketTimeoutException e) {
            throw new DownloadException("timeout");
        } catch (LimitedCopy.TooLarge e) {
            throw new DownloadException(e.getMessage());
        } catch (SSLException e) {
            throw new DownloadException("TLS failed: " + Redaction.text(e.getMessage(), location.secrets()));
        } catch (InterruptedIOException e) {
            throw new InterruptedException("download canceled");
        } catch (IOException e) {
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedException("download canceled");
            }
            throw new DownloadException(
                    e.getClass().getSimpleName() + ": " + Redaction.text(e.getMessage(), location.secrets()));
        } finally {
            if (ftp != null) {
                FtpSessions.disconnectQuietly(ftp);
            }
        }
    }

    /** The file's size from MLST/LIST, or -1 when the server does not tell. */
    private static long size(FTPClient ftp, String path) {
        try {
            FTPFile file = ftp.mlistFile(path);
            if (file == null) {
                FTPFile[] files = ftp.listFiles(path);
                file = files != null && files.length == 1 ? files[0] : null;
            }
            return file != null && file.isFile() ? file.getSize() : -1;
        } catch (IOException e) {
            return -1;
        }
    }
}
