package dev.tcpfleet.controlplane.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Token secrets: 256 random bits behind a {@code tf_} prefix, so a leaked one is easy to spot in logs and paste
 * buffers. Only their SHA-256 is stored; with that much entropy a plain hash is as good as a slow one.
 */
public final class TokenSecrets {
    /** A secret made here, wherever it appears in text. */
    public static final Pattern SECRET = Pattern.compile("tf_[A-Za-z0-9_-]{43}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private TokenSecrets() {
    }

    public static String generate() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return "tf_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public static String hash(String secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** {@code text} with every secret in it replaced, for anything that is kept. */
    public static String redact(String text) {
        return SECRET.matcher(text).replaceAll("tf_[redacted]");
    }
}
