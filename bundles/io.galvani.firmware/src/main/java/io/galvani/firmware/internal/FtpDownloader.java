package io.galvani.firmware.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;

import javax.net.ssl.SSLException;

import org.apache.commons.net.ftp.FTP;
import org.apache.commons.net.ftp.FTPClient;
import org.apache.commons.net.ftp.FTPFile;
import org.apache.commons.net.ftp.FTPReply;
import org.apache.commons.net.ftp.FTPSClient;

import io.galvani.filetransfer.Redaction;
import io.galvani.filetransfer.TlsTrust;
import io.galvani.filetransfer.TransferLocation;

/**
 * FTP and FTPS download with Apache Commons Net: passive mode (L01 remark), binary, the file the location's path
 * names. {@code ftps://} is explicit FTPS (AUTH TLS, PBSZ 0, PROT P: the data connection is encrypted too); port 990
 * means implicit FTPS. The server certificate is checked against {@link TlsTrust} and its host name. When the
 * server tells the file's size, a larger one than allowed is refused before the transfer and a shorter transfer is
 * a truncated download.
 */
final class FtpDownloader implements Downloader {
    static final int IMPLICIT_FTPS_PORT = 990;

    @Override
    public void download(TransferLocation location, Path target, Settings settings, AbortHook abort)
            throws DownloadException, InterruptedException {
        String path = location.ftpDirectory();
        if (path.isEmpty() || path.endsWith("/")) {
            throw new DownloadException("the location names no file");
        }
        FTPClient ftp = location.secure() ? ftps(location, settings) : new FTPClient();
        ftp.setConnectTimeout(millis(settings.connectTimeout().toMillis()));
        ftp.setDefaultTimeout(millis(settings.transferTimeout().toMillis()));
        ftp.setDataTimeout(settings.transferTimeout());
        abort.set(() -> disconnectQuietly(ftp));
        try {
            int port = location.port() > 0 ? location.port()
                    : (isImplicit(location) ? IMPLICIT_FTPS_PORT : FTP.DEFAULT_PORT);
            ftp.connect(location.host(), port);
            check(ftp, FTPReply.isPositiveCompletion(ftp.getReplyCode()), "connect", location);
            ftp.setSoTimeout(millis(settings.transferTimeout().toMillis()));
            String user = location.user() == null || location.user().isEmpty() ? "anonymous" : location.user();
            String password = location.password() == null ? (location.user() == null ? "galvani@" : "")
                    : location.password();
            check(ftp, ftp.login(user, password), "login", location);
            if (ftp instanceof FTPSClient ftps) {
                ftps.execPBSZ(0);
                check(ftp, FTPReply.isPositiveCompletion(ftp.getReplyCode()), "PBSZ", location);
                ftps.execPROT("P");
                check(ftp, FTPReply.isPositiveCompletion(ftp.getReplyCode()), "PROT P", location);
            }
            check(ftp, ftp.setFileType(FTP.BINARY_FILE_TYPE), "TYPE I", location);
            ftp.enterLocalPassiveMode();
            long declared = size(ftp, path);
            if (declared > settings.maxImageBytes()) {
                throw new DownloadException("image of " + declared + " bytes is larger than the configured maximum of "
                        + settings.maxImageBytes());
            }
            long got;
            try (InputStream in = ftp.retrieveFileStream(path)) {
                check(ftp, in != null, "RETR", location);
                got = LimitedCopy.copy(in, target, settings.maxImageBytes());
            }
            check(ftp, ftp.completePendingCommand(), "RETR", location);
            if (declared >= 0 && got != declared) {
                throw new DownloadException("truncated: " + got + " of " + declared + " bytes");
            }
            ftp.logout();
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
            disconnectQuietly(ftp);
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

    private static boolean isImplicit(TransferLocation location) {
        return location.secure() && location.port() == IMPLICIT_FTPS_PORT;
    }

    private static FTPSClient ftps(TransferLocation location, Settings settings) throws DownloadException {
        FTPSClient ftps = new FTPSClient("TLS", isImplicit(location));
        try {
            ftps.setTrustManager(TlsTrust.trustManager(settings.trustStore(), settings.trustStorePassword()));
        } catch (GeneralSecurityException | IOException e) {
            throw new DownloadException(
                    "trust store " + settings.trustStore() + " unusable: " + e.getClass().getSimpleName());
        }
        ftps.setEndpointCheckingEnabled(true);
        return ftps;
    }

    private static void check(FTPClient ftp, boolean ok, String step, TransferLocation location)
            throws DownloadException {
        if (!ok) {
            String reply = ftp.getReplyString() == null ? "" : ftp.getReplyString().strip();
            throw new DownloadException(step + " failed: " + Redaction.text(reply, location.secrets()));
        }
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
