package dev.tcpfleet.kafka;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/**
 * Runs {@link EmbeddedKafkaBroker} until SIGINT/SIGTERM, or until standard input closes when started
 * with {@code --exit-with-parent} (a test JVM that dies without cleaning up then takes its broker along).
 *
 * <p>Prints {@code KAFKA READY <bootstrap>} on standard output once clients can connect.
 *
 * <p>Passwords come from the environment, never the command line, which any local user can read:
 * {@value #SSL_PASSWORD_ENV} for the TLS listener's keystore, {@value #ADMIN_PASSWORD_ENV} for the super user of a
 * broker started with {@code --sasl}.
 */
public final class EmbeddedKafkaMain {
    static final String SSL_PASSWORD_ENV = "TCPFLEET_KAFKA_SSL_PASSWORD";
    static final String ADMIN_PASSWORD_ENV = "TCPFLEET_KAFKA_ADMIN_PASSWORD";
    private static final Set<String> FLAGS = Set.of("exit-with-parent", "sasl");
    private static final String USAGE = "usage: java -jar tcpfleet-embedded-kafka.jar --data-dir DIR [--port 9092]"
            + " [--controller-port 9093] [--bind-host 127.0.0.1] [--advertised-host 127.0.0.1] [--partitions 8]"
            + " [--ssl-port PORT --ssl-keystore FILE.p12] [--sasl] [--exit-with-parent]\n"
            + "environment: " + SSL_PASSWORD_ENV + " (the keystore's password, with --ssl-port), " + ADMIN_PASSWORD_ENV
            + " (the super user 'admin', with --sasl)";

    private EmbeddedKafkaMain() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = parse(args);
        if (options == null || !options.containsKey("data-dir")) {
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        int port = intOption(options, "port", 9092);
        String bindHost = options.getOrDefault("bind-host", "127.0.0.1");
        EmbeddedKafkaBroker broker;
        try {
            EmbeddedKafkaBroker.TlsListener tls = options.containsKey("ssl-port")
                    ? new EmbeddedKafkaBroker.TlsListener(intOption(options, "ssl-port", 0),
                            Path.of(options.getOrDefault("ssl-keystore", "")), environment(SSL_PASSWORD_ENV))
                    : null;
            EmbeddedKafkaBroker.SaslAuthentication sasl = options.containsKey("sasl")
                    ? new EmbeddedKafkaBroker.SaslAuthentication(environment(ADMIN_PASSWORD_ENV))
                    : null;
            broker = EmbeddedKafkaBroker.start(Path.of(options.get("data-dir")), bindHost,
                    options.getOrDefault("advertised-host", bindHost.equals("0.0.0.0") ? "127.0.0.1" : bindHost),
                    port, intOption(options, "controller-port", port + 1), intOption(options, "partitions", 8), tls,
                    sasl);
        } catch (RuntimeException e) {
            // Kafka's own threads would keep a half-started broker alive for ever: say why and leave
            System.err.println("Kafka broker did not start: " + e.getMessage()
                    + (e.getCause() != null ? " (" + e.getCause().getMessage() + ")" : ""));
            System.exit(1);
            return;
        }

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            broker.close();
            stopped.countDown();
        }, "kafka-shutdown"));
        if (options.containsKey("exit-with-parent")) {
            Thread watcher = new Thread(() -> {
                try {
                    while (System.in.read() >= 0) {
                        // the parent writes nothing; EOF means it is gone
                    }
                } catch (java.io.IOException ignored) {
                    // a broken pipe means the same
                }
                System.exit(0);
            }, "parent-watcher");
            watcher.setDaemon(true);
            watcher.start();
        }
        System.out.println("KAFKA READY " + broker.bootstrapServers());
        System.out.flush();
        stopped.await();
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--")) {
                return null;
            }
            String name = args[i].substring(2);
            if (FLAGS.contains(name)) {
                options.put(name, "true");
            } else if (i + 1 < args.length) {
                options.put(name, args[++i]);
            } else {
                return null;
            }
        }
        return options;
    }

    private static String environment(String name) {
        String value = System.getenv(name);
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException(name + " is not set in the environment");
        }
        return value;
    }

    private static int intOption(Map<String, String> options, String name, int fallback) {
        String value = options.get(name);
        try {
            return value == null ? fallback : Integer.parseInt(value);
        } catch (NumberFormatException e) {
            System.err.println("--" + name + " takes a number, got '" + value + "'\n" + USAGE);
            System.exit(2);
            return fallback;
        }
    }
}
