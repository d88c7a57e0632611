package com.atelier.hashing;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256 digests: of stored API keys, OIDC subjects (account ids) and request fingerprints. Text is
 * hashed as its UTF-8 bytes; hex is lower case, 64 characters.
 */
public final class Sha256 {

    private Sha256() {
    }

    /** The 32-byte digest of {@code data}. */
    public static byte[] bytes(byte[] data) {
        try {
            // A new MessageDigest per call: instances are not thread-safe, and getInstance is cheap.
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** The 32-byte digest of {@code text}'s UTF-8 bytes. */
    public static byte[] bytes(String text) {
        return bytes(text.getBytes(StandardCharsets.UTF_8));
    }

    /** The digest of {@code data} in lower-case hex. */
    public static String hex(byte[] data) {
        return HexFormat.of().formatHex(bytes(data));
    }

    /** The digest of {@code text}'s UTF-8 bytes in lower-case hex. */
    public static String hex(String text) {
        return hex(text.getBytes(StandardCharsets.UTF_8));
    }
}
