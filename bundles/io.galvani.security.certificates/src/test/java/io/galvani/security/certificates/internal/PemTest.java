package io.galvani.security.certificates.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringWriter;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.util.List;

import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;
import org.junit.jupiter.api.Test;

import io.galvani.security.certificates.internal.Pem.InvalidPem;
import io.galvani.security.certificates.internal.TestPki.Issued;

/** PEM in and out (A00.FR.507): certificates, chains, private keys in the formats provisioning files come in. */
class PemTest {
    private final Issued root = TestPki.root("Pem Root");

    @Test
    void chain_isReadInOrder() throws Exception {
        Issued sub = TestPki.intermediate("Pem Sub", root);
        List<java.security.cert.X509Certificate> chain = Pem.certificates(TestPki.pem(sub, root));
        assertThat(chain).containsExactly(sub.certificate(), root.certificate());
    }

    @Test
    void textAroundTheBlocks_isIgnored_butNoBlockAtAll_isInvalid() throws Exception {
        assertThat(Pem.certificates("subject=Pem Root\n" + root.pem() + "\ntrailing words\n")).hasSize(1);
        assertThatThrownBy(() -> Pem.certificates("no certificate here")).isInstanceOf(InvalidPem.class)
                .hasMessageContaining("no PEM certificate");
        assertThatThrownBy(() -> Pem.certificates("")).isInstanceOf(InvalidPem.class);
    }

    @Test
    void brokenBase64_isInvalid() {
        String broken = root.pem().replaceFirst("\n[A-Za-z0-9+/]{10}", "\n!!!!!!!!!!");
        assertThatThrownBy(() -> Pem.certificates(broken)).isInstanceOf(InvalidPem.class);
    }

    @Test
    void aKeyAmongCertificates_isRefused() {
        String text = root.pem() + Pem.encode(root.keys().getPrivate());
        assertThatThrownBy(() -> Pem.certificates(text)).isInstanceOf(InvalidPem.class)
                .hasMessageContaining("private key");
    }

    @Test
    void privateKeys_pkcs8_sec1_pkcs1_areRead() throws Exception {
        KeyPair ec = TestPki.ec();
        KeyPair rsa = TestPki.rsa(2048);
        assertThat(Pem.privateKey(Pem.encode(ec.getPrivate())).getEncoded()).isEqualTo(ec.getPrivate().getEncoded());
        // the traditional forms, as openssl writes them: "EC PRIVATE KEY" (SEC1, with the curve), "RSA PRIVATE KEY"
        PrivateKey sec1 = Pem.privateKey(sec1(ec.getPrivate()));
        PrivateKey pkcs1 = Pem.privateKey(traditional(rsa.getPrivate()));
        assertThat(traditional(rsa.getPrivate())).contains("BEGIN RSA PRIVATE KEY");
        assertThat(CertificateChecks.keyMatches(sec1, ec.getPublic())).isTrue();
        assertThat(CertificateChecks.keyMatches(pkcs1, rsa.getPublic())).isTrue();
    }

    @Test
    void encryptedKey_isRefusedWithoutQuotingIt() throws Exception {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(out)) {
            w.writeObject(new JcaPKCS8Generator(root.keys().getPrivate(),
                    new JceOpenSSLPKCS8EncryptorBuilder(PKCSObjectIdentifiers.pbeWithSHAAnd3_KeyTripleDES_CBC)
                            .setPassword("secret".toCharArray()).build()));
        }
        assertThatThrownBy(() -> Pem.privateKey(out.toString())).isInstanceOf(InvalidPem.class)
                .hasMessageContaining("encrypted").hasMessageNotContaining("MII");
    }

    @Test
    void keyFileWithTwoKeys_isRefused() {
        String two = Pem.encode(root.keys().getPrivate()) + Pem.encode(TestPki.ec().getPrivate());
        assertThatThrownBy(() -> Pem.privateKey(two)).isInstanceOf(InvalidPem.class);
    }

    @Test
    void credentials_keyAndChain_roundTrip() throws Exception {
        Issued leaf = TestPki.leaf("GLV-7", TestPki.ec().getPublic(), root);
        KeyPair keys = TestPki.ec();
        Pem.Contents c = Pem.certificatesAndKey(Pem.encode(keys.getPrivate(), leaf.certificate(), root.certificate()));
        assertThat(c.certificates()).containsExactly(leaf.certificate(), root.certificate());
        assertThat(c.key().getEncoded()).isEqualTo(keys.getPrivate().getEncoded());
        assertThat(Pem.encode(keys.getPrivate())).startsWith("-----BEGIN PRIVATE KEY-----\n").doesNotContain("\r");
    }

    /** SEC1 (RFC 5915) with the curve in the parameters field, as {@code openssl ecparam -genkey} writes it. */
    private static String sec1(PrivateKey key) throws Exception {
        PrivateKeyInfo info = PrivateKeyInfo.getInstance(key.getEncoded());
        java.security.interfaces.ECPrivateKey ec = (java.security.interfaces.ECPrivateKey) key;
        ECPrivateKey structure = new ECPrivateKey(256, ec.getS(), info.getPrivateKeyAlgorithm().getParameters());
        StringWriter out = new StringWriter();
        try (PemWriter w = new PemWriter(out)) {
            w.writeObject(new PemObject("EC PRIVATE KEY", structure.getEncoded()));
        }
        assertThat(out.toString()).contains("BEGIN EC PRIVATE KEY");
        return out.toString();
    }

    private static String traditional(PrivateKey key) throws Exception {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(out)) {
            w.writeObject(key);
        }
        return out.toString();
    }

    @Test
    void keysInOpenSslsOwnFormats_ecSec1AndRsaPkcs1_areRead() throws Exception {
        // Written by `openssl ecparam -name prime256v1 -genkey -noout` and `openssl genrsa -traditional 2048`:
        // the formats an installer is most likely to hand over besides PKCS#8.
        for (String file : List.of("/openssl/ec-sec1.key", "/openssl/rsa-pkcs1.key")) {
            String text;
            try (var in = PemTest.class.getResourceAsStream(file)) {
                text = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII);
            }
            PrivateKey key = Pem.privateKey(text);
            assertThat(key.getAlgorithm()).as(file).isIn("EC", "RSA");
        }
    }
}
