package io.galvani.filetransfer;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;

import org.apache.commons.net.ftp.FTP;
import org.apache.commons.net.ftp.FTPClient;
import org.apache.commons.net.ftp.FTPReply;
import org.apache.commons.net.ftp.FTPSClient;

/**
 * FTP and FTPS sessions as every transfer opens them (Apache Commons Net): passive mode, binary, anonymous when the
 * location names no user. {@code ftps://} is explicit FTPS (AUTH TLS, then PBSZ 0 / PROT P, so the data connection
 * is encrypted too); port 990 means implicit FTPS. The server certificate is checked against {@link TlsTrust} and
 * its host name.
 */
public final class FtpSessions {
    public static final int IMPLICIT_FTPS_PORT = 990;

    /** A step the server refused: its reply code (0 when there was none) and a message without secrets. */
    public static final class StepFailed extends IOException {
        private static final long serialVersionUID = 1L;
        private final int replyCode;

        public StepFailed(int replyCode, String message) {
            super(message);
            this.replyCode = replyCode;
        }

        public int replyCode() {
            return replyCode;
        }
    }

    private FtpSessions() {
    }

    /**
     * A client for {@code location}, not yet connected (so that a caller can register a way to abort it first).
     *
     * @throws StepFailed when the trust store cannot be read
     */
    public static FTPClient newClient(TransferLocation location, Duration connectTimeout, Duration transferTimeout,
            Path trustStore, char[] trustStorePassword) throws StepFailed {
        FTPClient ftp;
        if (location.secure()) {
            FTPSClient ftps = new FTPSClient("TLS", isImplicit(location));
            try {
                ftps.setTrustManager(TlsTrust.trustManager(trustStore, trustStorePassword));
            } catch (GeneralSecurityException | IOException e) {
                throw new StepFailed(0, "trust store " + trustStore + " unusable: " + e.getClass().getSimpleName());
            }
            ftps.setEndpointCheckingEnabled(true);
            ftp = ftps;
        } else {
            ftp = new FTPClient();
        }
        ftp.setConnectTimeout(millis(connectTimeout));
        ftp.setDefaultTimeout(millis(transferTimeout));
        ftp.setDataTimeout(transferTimeout);
        return ftp;
    }

    /** Connects, logs in, protects the data channel (FTPS), switches to binary and passive mode. */
    public static void open(FTPClient ftp, TransferLocation location, Duration transferTimeout) throws IOException {
        int port = location.port() > 0 ? location.port()
                : (isImplicit(location) ? IMPLICIT_FTPS_PORT : FTP.DEFAULT_PORT);
        ftp.connect(location.host(), port);
        check(ftp, FTPReply.isPositiveCompletion(ftp.getReplyCode()), "connect", location);
        ftp.setSoTimeout(millis(transferTimeout));
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
    }

    /** Fails with the server's last reply (scrubbed of the location's secrets) unless {@code ok}. */
    public static void check(FTPClient ftp, boolean ok, String step, TransferLocation location) throws StepFailed {
        if (!ok) {
            String reply = ftp.getReplyString() == null ? "" : ftp.getReplyString().strip();
            throw new StepFailed(ftp.getReplyCode(),
                    step + " failed: " + Redaction.text(reply, location.secrets()));
        }
    }

    public static void disconnectQuietly(FTPClient ftp) {
        if (ftp.isConnected()) {
            try {
                ftp.disconnect();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }

    private static boolean isImplicit(TransferLocation location) {
        return location.secure() && location.port() == IMPLICIT_FTPS_PORT;
    }

    private static int millis(Duration d) {
        return (int) Math.min(Integer.MAX_VALUE, d.toMillis());
    }
}
