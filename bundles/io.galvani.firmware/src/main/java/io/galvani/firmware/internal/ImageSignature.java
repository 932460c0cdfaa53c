package io.galvani.firmware.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.Base64;

/**
 * The signature over the entire firmware file (L01.FR.04): base64 in UpdateFirmware's {@code firmware.signature}.
 * EC key: SHA256withECDSA, DER-encoded. RSA key: RSASSA-PSS with SHA-256, MGF1-SHA-256, salt length 32.
 */
final class ImageSignature {

    /** The image must not be installed; the message says why. */
    static final class Invalid extends Exception {
        private static final long serialVersionUID = 1L;

        Invalid(String message) {
            super(message);
        }
    }

    private ImageSignature() {
    }

    static void verify(Path image, String signatureBase64, PublicKey key) throws Invalid, IOException {
        if (signatureBase64 == null || signatureBase64.isBlank()) {
            throw new Invalid("no signature in the request");
        }
        byte[] signature;
        try {
            signature = Base64.getMimeDecoder().decode(signatureBase64.strip());
        } catch (IllegalArgumentException e) {
            throw new Invalid("signature is not base64");
        }
        try {
            Signature verifier = verifier(key);
            try (InputStream in = Files.newInputStream(image)) {
                byte[] buffer = new byte[64 * 1024];
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    verifier.update(buffer, 0, n);
                }
            }
            if (!verifier.verify(signature)) {
                throw new Invalid("signature does not match the image");
            }
        } catch (java.security.SignatureException e) {
            throw new Invalid("signature malformed: " + e.getMessage());
        } catch (GeneralSecurityException e) {
            throw new Invalid("signature cannot be checked: " + e.getMessage());
        }
    }

    static Signature verifier(PublicKey key) throws GeneralSecurityException {
        Signature s;
        switch (key.getAlgorithm()) {
        case "EC" -> s = Signature.getInstance("SHA256withECDSA");
        case "RSA", "RSASSA-PSS" -> {
            s = Signature.getInstance("RSASSA-PSS");
            s.setParameter(pss());
        }
        default -> throw new GeneralSecurityException("unsupported key type " + key.getAlgorithm());
        }
        s.initVerify(key);
        return s;
    }

    static PSSParameterSpec pss() {
        return new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1);
    }
}
