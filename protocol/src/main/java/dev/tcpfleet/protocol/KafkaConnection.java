package dev.tcpfleet.protocol;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The part of an app's {@code kafka.*} settings that says how to reach and authenticate to the broker (address,
 * TLS, SASL), for the plain Kafka clients an app builds beside its messaging channels; the rest is for producers
 * and consumers and would only draw warnings from an admin client.
 */
public final class KafkaConnection {
    private static final List<String> KEY_PREFIXES = List.of("bootstrap.servers", "security.", "sasl.", "ssl.",
            "client.dns.lookup");

    private KafkaConnection() {
    }

    public static Map<String, Object> settings(Map<String, Object> kafka) {
        Map<String, Object> connection = new HashMap<>();
        kafka.forEach((key, value) -> {
            if (KEY_PREFIXES.stream().anyMatch(key::startsWith)) {
                connection.put(key, value);
            }
        });
        return connection;
    }
}
