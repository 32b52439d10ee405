package dev.tcpfleet.simulator;

import dev.tcpfleet.protocol.commands.CommandSignatures;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code java -jar fleet-simulator/target/tcpfleet-fleet-simulator.jar --hosts=10000 --interval=10s
 * --bootstrap=localhost:9092 --public-key=BASE64 [--prefix=sim-]}: runs until stopped, printing its counts. The
 * fleet's enrol secret comes, as an agent's does, from the environment ({@code TCPFLEET_AGENT_ENROL_SECRET}), never
 * from the command line; without it the simulated hosts wait, pending, for an admin to accept them.
 */
public final class SimulatorMain {
    private static final String ENROL_SECRET = "TCPFLEET_AGENT_ENROL_SECRET";

    private SimulatorMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        Map<String, String> options = new HashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (!arg.startsWith("--") || eq < 0) {
                usage("unknown argument " + arg);
            }
            options.put(arg.substring(2, eq), arg.substring(eq + 1));
        }
        FleetSimulator.Settings settings;
        try {
            settings = new FleetSimulator.Settings(
                    options.getOrDefault("bootstrap", "localhost:9092"),
                    Integer.parseInt(options.getOrDefault("hosts", "1000")),
                    options.getOrDefault("prefix", "sim-"),
                    Duration.parse("PT" + options.getOrDefault("interval", "10s").toUpperCase()),
                    CommandSignatures.publicKey(required(options, "public-key")),
                    Optional.ofNullable(System.getenv(ENROL_SECRET)).filter(secret -> !secret.isBlank()));
        } catch (RuntimeException e) {
            usage(e.getMessage());
            return;
        }
        if (settings.hosts() < 1 || settings.interval().isNegative() || settings.interval().isZero()) {
            usage("--hosts is at least 1 and --interval more than 0");
        }
        FleetSimulator simulator = FleetSimulator.start(settings);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            simulator.close();
            stopped.countDown();
        }));
        System.out.printf("simulating %d hosts (%s0..) every %s on %s%n", settings.hosts(), settings.prefix(),
                settings.interval(), settings.bootstrapServers());
        while (!stopped.await(10, TimeUnit.SECONDS)) {
            System.out.println(simulator.counts());
        }
    }

    private static String required(Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return value;
    }

    private static void usage(String problem) {
        System.err.println("fleet-simulator: " + problem + "\nusage: --hosts=N --interval=10s --bootstrap=HOST:PORT"
                + " --public-key=BASE64 [--prefix=sim-]\n(the fleet's enrol secret, if any, in " + ENROL_SECRET + ")");
        System.exit(2);
    }
}
