package dev.tcpfleet.testing;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;

/** A SCRAM-SHA-512 user of a test broker started with SASL ({@link KafkaBrokerProcess#startOnLoopbackWithSasl}). */
public record SaslUser(String name, String password) {

    static SaslUser generate(String name) {
        byte[] secret = new byte[16];
        new SecureRandom().nextBytes(secret);
        return new SaslUser(name, HexFormat.of().formatHex(secret));
    }

    /** The client settings that log in as this user, each key after {@code prefix} (e.g. {@code kafka.} for an app). */
    public Map<String, String> clientSettings(String prefix) {
        return Map.of(prefix + "security.protocol", "SASL_PLAINTEXT",
                prefix + "sasl.mechanism", "SCRAM-SHA-512",
                prefix + "sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required"
                        + " username=\"" + name + "\" password=\"" + password + "\";");
    }
}
