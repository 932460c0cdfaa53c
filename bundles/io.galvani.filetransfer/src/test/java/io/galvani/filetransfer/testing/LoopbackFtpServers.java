package io.galvani.filetransfer.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.apache.ftpserver.DataConnectionConfigurationFactory;
import org.apache.ftpserver.FtpServer;
import org.apache.ftpserver.FtpServerFactory;
import org.apache.ftpserver.ftplet.FtpException;
import org.apache.ftpserver.ftplet.UserManager;
import org.apache.ftpserver.impl.DefaultFtpServer;
import org.apache.ftpserver.listener.ListenerFactory;
import org.apache.ftpserver.ssl.SslConfiguration;
import org.apache.ftpserver.ssl.SslConfigurationFactory;
import org.apache.ftpserver.usermanager.ClearTextPasswordEncryptor;
import org.apache.ftpserver.usermanager.PropertiesUserManagerFactory;
import org.apache.ftpserver.usermanager.impl.BaseUser;
import org.apache.ftpserver.usermanager.impl.WritePermission;

/**
 * A plain FTP and an explicit FTPS server (Apache FtpServer) on loopback for tests of transfer clients: one user
 * with write permission in the given home directory, passive mode only, data connections on 127.0.0.1, both on
 * ephemeral ports. Shipped in this module's test-jar; the user of it adds {@code ftpserver-core} with scope test.
 */
public final class LoopbackFtpServers implements AutoCloseable {
    private final FtpServer ftp;
    private final FtpServer ftps;

    private LoopbackFtpServers(FtpServer ftp, FtpServer ftps) {
        this.ftp = ftp;
        this.ftps = ftps;
    }

    /**
     * Starts both servers.
     *
     * @param workDir a directory of the test's own for the server's user file
     * @param home the user's home directory (the root of the paths in the URLs)
     * @param serverKeyStore PKCS12 key store with the FTPS server's key and certificate
     * @param storePassword password of that store and of its key
     */
    public static LoopbackFtpServers start(Path workDir, Path home, String user, String password,
            Path serverKeyStore, String storePassword) throws Exception {
        UserManager users = userManager(workDir, home, user, password);
        SslConfigurationFactory ssl = new SslConfigurationFactory();
        ssl.setKeystoreFile(serverKeyStore.toFile());
        ssl.setKeystoreType("PKCS12");
        ssl.setKeystorePassword(storePassword);
        ssl.setKeyPassword(storePassword);
        FtpServer ftp = server(users, null);
        FtpServer ftps = server(users, ssl.createSslConfiguration());
        ftp.start();
        try {
            ftps.start();
        } catch (FtpException | RuntimeException e) {
            ftp.stop();
            throw e;
        }
        return new LoopbackFtpServers(ftp, ftps);
    }

    private static UserManager userManager(Path workDir, Path home, String user, String password)
            throws Exception {
        PropertiesUserManagerFactory factory = new PropertiesUserManagerFactory();
        factory.setFile(Files.createTempFile(workDir, "ftp-users", ".properties").toFile());
        factory.setPasswordEncryptor(new ClearTextPasswordEncryptor());
        UserManager users = factory.createUserManager();
        BaseUser account = new BaseUser();
        account.setName(user);
        account.setPassword(password);
        account.setHomeDirectory(home.toString());
        account.setAuthorities(List.of(new WritePermission()));
        users.save(account);
        return users;
    }

    private static FtpServer server(UserManager users, SslConfiguration ssl) {
        DataConnectionConfigurationFactory dataConnection = new DataConnectionConfigurationFactory();
        dataConnection.setPassiveAddress("127.0.0.1");
        dataConnection.setActiveEnabled(false);
        ListenerFactory listener = new ListenerFactory();
        listener.setServerAddress("127.0.0.1");
        listener.setPort(0);
        if (ssl != null) {
            listener.setSslConfiguration(ssl);
            listener.setImplicitSsl(false);
            dataConnection.setSslConfiguration(ssl);
        }
        listener.setDataConnectionConfiguration(dataConnection.createDataConnectionConfiguration());
        FtpServerFactory factory = new FtpServerFactory();
        factory.addListener("default", listener.createListener());
        factory.setUserManager(users);
        return factory.createServer();
    }

    /** Port of the plain FTP server. */
    public int ftpPort() {
        return port(ftp);
    }

    /** Port of the explicit FTPS server (AUTH TLS on the control connection, PROT P data). */
    public int ftpsPort() {
        return port(ftps);
    }

    private static int port(FtpServer server) {
        return ((DefaultFtpServer) server).getListener("default").getPort();
    }

    @Override
    public void close() {
        ftp.stop();
        ftps.stop();
    }
}
