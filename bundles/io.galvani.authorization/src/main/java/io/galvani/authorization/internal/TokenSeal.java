package io.galvani.authorization.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import io.galvani.ocpp.model.OcppJson;
import io.galvani.ocpp.model.PayloadViolation;
import io.galvani.ocpp.model.types.IdTokenInfoType;
import io.galvani.ocpp.model.types.IdTokenType;

/**
 * Keeps idTokens out of the Authorization Cache (C10.FR.12: store personal information securely, e.g. only
 * hashed tokens). An entry is found by {@link #id}, an HMAC-SHA256 of the token under a random salt kept
 * with the cache, and its idTokenInfo (groupIdToken, languages, …) is encrypted with AES-GCM under a second
 * HMAC of the token: reading an entry needs the token itself. Tokens are case-insensitive (IdTokenType),
 * so they are compared in lower case, together with their type.
 *
 * <p>This is pseudonymisation, not a vault: short card UIDs can be found by trying them all against a
 * stolen file; the salt makes that a per-station effort. A new salt comes with every cleared cache.
 */
final class TokenSeal {
    static final int SALT_BYTES = 32;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] salt;

    TokenSeal(byte[] salt) {
        if (salt.length != SALT_BYTES) {
            throw new IllegalArgumentException("salt has " + salt.length + " bytes instead of " + SALT_BYTES);
        }
        this.salt = salt.clone();
    }

    static TokenSeal withRandomSalt() {
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        return new TokenSeal(salt);
    }

    byte[] salt() {
        return salt.clone();
    }

    /** The key under which {@code token} is cached. */
    String id(IdTokenType token) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(derive("id", token));
    }

    /** {@code info} encrypted for {@code token}, bound to the entry {@code id}. */
    String seal(IdTokenType token, String id, IdTokenInfoType info) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            Cipher cipher = cipher(Cipher.ENCRYPT_MODE, token, nonce, id);
            byte[] sealed = cipher.doFinal(OcppJson.write(info).getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().withoutPadding().encodeToString(
                    ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array());
        } catch (GeneralSecurityException e) {
            // AES-GCM and HMAC-SHA256 are in every Java runtime; getting here means a broken JRE.
            throw new IllegalStateException("AES-GCM unavailable", e);
        }
    }

    /** The idTokenInfo sealed for {@code token}; empty if it was sealed for another token or is damaged. */
    Optional<IdTokenInfoType> open(IdTokenType token, String id, String sealedInfo) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(sealedInfo);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (bytes.length <= NONCE_BYTES) {
            return Optional.empty();
        }
        ByteBuffer in = ByteBuffer.wrap(bytes);
        byte[] nonce = new byte[NONCE_BYTES];
        in.get(nonce);
        byte[] sealed = new byte[in.remaining()];
        in.get(sealed);
        try {
            byte[] json = cipher(Cipher.DECRYPT_MODE, token, nonce, id).doFinal(sealed);
            return Optional.of(OcppJson.decode(OcppJson.mapper().readTree(json), IdTokenInfoType.class));
        } catch (AEADBadTagException e) {
            return Optional.empty();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM unavailable", e);
        } catch (IOException | PayloadViolation e) {
            return Optional.empty();
        }
    }

    private Cipher cipher(int mode, IdTokenType token, byte[] nonce, String id) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, new SecretKeySpec(derive("key", token), "AES"), new GCMParameterSpec(TAG_BITS, nonce));
        cipher.updateAAD(id.getBytes(StandardCharsets.US_ASCII));
        return cipher;
    }

    private byte[] derive(String purpose, IdTokenType token) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(salt, "HmacSHA256"));
            String normalized = purpose + '\0' + token.type().value() + '\0' + token.idToken().toLowerCase(Locale.ROOT);
            return mac.doFinal(normalized.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
