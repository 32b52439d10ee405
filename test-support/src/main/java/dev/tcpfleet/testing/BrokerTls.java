package dev.tcpfleet.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A self-signed key and certificate for a test broker's TLS listener, made with the JDK's keytool, and the
 * truststore its clients need.
 *
 * @param keystore   PKCS#12: the broker's key and certificate
 * @param truststore PKCS#12: the certificate alone, for clients
 */
public record BrokerTls(Path keystore, Path truststore, String password) {
    private static final String PASSWORD_VARIABLE = "TCPFLEET_TEST_STORE_PASSWORD";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Generates both stores in {@code dir} for a certificate valid for {@code addresses} (IP addresses). */
    public static BrokerTls generate(Path dir, String... addresses) {
        byte[] secret = new byte[18];
        RANDOM.nextBytes(secret);
        BrokerTls tls = new BrokerTls(dir.resolve("broker.p12"), dir.resolve("truststore.p12"),
                Base64.getUrlEncoder().encodeToString(secret));
        Path certificate = dir.resolve("broker.pem");
        List<String> names = new ArrayList<>();
        for (String address : addresses) {
            names.add("ip:" + address);
        }
        keytool(tls.password, "-genkeypair", "-alias", "broker", "-keyalg", "EC", "-groupname", "secp256r1",
                "-validity", "2",
                "-dname", "CN=tcpfleet-test-broker", "-ext", "SAN=" + String.join(",", names),
                "-storetype", "PKCS12", "-keystore", tls.keystore.toString(), "-storepass:env", PASSWORD_VARIABLE);
        keytool(tls.password, "-exportcert", "-rfc", "-alias", "broker", "-keystore", tls.keystore.toString(),
                "-storepass:env", PASSWORD_VARIABLE, "-file", certificate.toString());
        keytool(tls.password, "-importcert", "-noprompt", "-alias", "broker", "-file", certificate.toString(),
                "-storetype", "PKCS12", "-keystore", tls.truststore.toString(), "-storepass:env", PASSWORD_VARIABLE);
        return tls;
    }

    /** The client settings that trust this broker, each key after {@code prefix} (e.g. {@code kafka.} for an app). */
    public Map<String, String> clientSettings(String prefix) {
        return Map.of(prefix + "security.protocol", "SSL",
                prefix + "ssl.truststore.type", "PKCS12",
                prefix + "ssl.truststore.location", truststore.toString(),
                prefix + "ssl.truststore.password", password);
    }

    /** The store password reaches keytool in its environment: a command line is every local user's to read. */
    private static void keytool(String password, String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool")
                .toString()));
        command.addAll(List.of(args));
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().put(PASSWORD_VARIABLE, password);
            Process process = builder.start();
            String output = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("keytool " + args[0] + " failed: " + output);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run keytool", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
