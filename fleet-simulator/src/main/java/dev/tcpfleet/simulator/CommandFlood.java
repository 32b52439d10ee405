package dev.tcpfleet.simulator;

import dev.tcpfleet.protocol.ProtocolJson;
import dev.tcpfleet.protocol.Topics;
import dev.tcpfleet.protocol.TuningOutcome;
import dev.tcpfleet.protocol.TuningResult;
import dev.tcpfleet.protocol.commands.CommandSignatures;
import dev.tcpfleet.protocol.commands.TuningCommand;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The driver of {@code bench/command-flood.sh}: how late a genuine command lands on one real agent behind a burst of
 * badly signed ones on its partition, beside the same command's latency with no flood (the anchor), in one run. The
 * forged commands are the worst case for the agent: well-formed, addressed to it, unexpired, each with its own id,
 * and signed by another Ed25519 key, so only the full signature check tells them apart. The genuine command is a dry
 * run: it changes nothing on the host.
 *
 * <p>Usage: {@code CommandFlood BOOTSTRAP HOST_ID METRICS_URL FLOOD RUNS}, with the control plane's private key in
 * {@code TCPFLEET_COMMANDS_SIGNING_KEY}; prints the figures.
 */
public final class CommandFlood {
    private static final Duration LIMIT = Duration.ofMinutes(3);
    private static final int ANCHOR_RUNS = 5;
    private static final String REFUSED = "tcpfleet_agent_commands_refused_total{reason=\"bad_signature\"}";

    private final String hostId;
    private final PrivateKey key;
    private final PrivateKey stranger = CommandSignatures.generateKeys().getPrivate();
    private final String metricsUrl;
    private final KafkaProducer<String, byte[]> producer;
    private final KafkaConsumer<String, byte[]> results;
    private final HttpClient http = HttpClient.newHttpClient();

    private CommandFlood(String bootstrap, String hostId, PrivateKey key, String metricsUrl) {
        this.hostId = hostId;
        this.key = key;
        this.metricsUrl = metricsUrl;
        this.producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 5),
                new StringSerializer(), new ByteArraySerializer());
        this.results = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
                new StringDeserializer(), new ByteArrayDeserializer());
    }

    public static void main(String[] args) throws Exception {
        String signingKey = System.getenv("TCPFLEET_COMMANDS_SIGNING_KEY");
        if (args.length != 5 || signingKey == null) {
            System.err.println("usage: TCPFLEET_COMMANDS_SIGNING_KEY=... CommandFlood BOOTSTRAP HOST_ID METRICS_URL"
                    + " FLOOD RUNS");
            System.exit(2);
        }
        String bootstrap = args[0];
        int flood = Integer.parseInt(args[3]);
        int runs = Integer.parseInt(args[4]);
        try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", bootstrap))) {
            // as the control plane would have: the agent waits for the commands topic, this for the results'
            Set<String> topics = admin.listTopics().names().get();
            List<NewTopic> missing = Stream.of(new NewTopic(Topics.COMMANDS, 16, (short) 1),
                    new NewTopic(Topics.COMMAND_RESULTS, 1, (short) 1))
                    .filter(topic -> !topics.contains(topic.name())).toList();
            admin.createTopics(missing).all().get();
        }
        CommandFlood bench = new CommandFlood(bootstrap, args[1], CommandSignatures.privateKey(signingKey), args[2]);
        bench.run(flood, runs);
    }

    private void run(int flood, int runs) throws Exception {
        List<TopicPartition> partitions = results.partitionsFor(Topics.COMMAND_RESULTS, Duration.ofMinutes(1))
                .stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        results.assign(partitions);
        results.seekToEnd(partitions);
        partitions.forEach(results::position);

        // untimed: the agent's first command (it may still be finding its partition) and a warm-up of both paths
        genuineLatencyMillis();
        floodThenGenuine(Math.min(flood, 2_000));

        List<Long> anchors = new ArrayList<>();
        for (int i = 0; i < ANCHOR_RUNS; i++) {
            anchors.add(genuineLatencyMillis());
        }
        List<long[]> floods = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            floods.add(floodThenGenuine(flood));
        }
        long anchor = median(anchors);
        long late = median(floods.stream().map(f -> f[0]).toList());
        long refusedPerSecond = median(floods.stream().map(f -> f[1]).toList());
        System.out.printf("anchor: a genuine command with no flood is answered in %d ms (median of %d: %s)%n",
                anchor, ANCHOR_RUNS, anchors);
        System.out.printf("flood:  behind %,d badly signed messages the same command is answered %d ms after it"
                + " was sent (median of %d: %s), %.1f x the anchor; target under 1,000 ms%n", flood, late, runs,
                floods.stream().map(f -> f[0]).toList(), (double) late / Math.max(1, anchor));
        System.out.printf("        refused %,d messages/s (median; from the first forged message sent to the"
                + " genuine command's answer), each counted, none answered%n", refusedPerSecond);
    }

    /** Sends one genuine dry run and returns the milliseconds until its result. */
    private long genuineLatencyMillis() throws Exception {
        String id = UUID.randomUUID().toString();
        long sent = System.nanoTime();
        producer.send(genuine(id)).get();
        awaitResult(id);
        return (System.nanoTime() - sent) / 1_000_000;
    }

    /**
     * Sends {@code flood} forged commands and then a genuine one; returns the milliseconds from the genuine one's
     * send to its answer, and the forged messages refused per second from the first one's send to that answer.
     */
    private long[] floodThenGenuine(int flood) throws Exception {
        Instant now = Instant.now();
        String run = UUID.randomUUID().toString();
        List<byte[]> forged = IntStream.range(0, flood).parallel().mapToObj(i -> ProtocolJson.write(
                CommandSignatures.sign(dryRun(run + "-" + i, now), stranger))).toList();
        double refusedBefore = refused();
        String id = UUID.randomUUID().toString();

        long started = System.nanoTime();
        forged.forEach(message -> producer.send(new ProducerRecord<>(Topics.COMMANDS, hostId, message)));
        long sent = System.nanoTime();
        producer.send(genuine(id)).get();
        awaitResult(id);
        long answered = System.nanoTime();
        double counted = refused() - refusedBefore;
        if (counted != flood) {
            throw new IllegalStateException("the agent counted " + counted + " refusals of " + flood);
        }
        return new long[] {(answered - sent) / 1_000_000, flood * 1_000_000_000L / (answered - started)};
    }

    private ProducerRecord<String, byte[]> genuine(String id) {
        return new ProducerRecord<>(Topics.COMMANDS, hostId,
                ProtocolJson.write(CommandSignatures.sign(dryRun(id, Instant.now()), key)));
    }

    private TuningCommand dryRun(String id, Instant issued) {
        return new TuningCommand(TuningCommand.SCHEMA_VERSION, id, hostId, TuningCommand.Action.APPLY, "flood-bench",
                1, Map.of("net.core.somaxconn", "4096"), true, 0, null, issued, issued.plus(Duration.ofMinutes(10)));
    }

    /** Waits for the result of {@code id}; any other result of this host is an answer to a forged message. */
    private void awaitResult(String id) {
        long deadline = System.nanoTime() + LIMIT.toNanos();
        while (System.nanoTime() < deadline) {
            for (ConsumerRecord<String, byte[]> record : results.poll(Duration.ofMillis(5))) {
                TuningResult result = ProtocolJson.readTuningResult(record.value());
                if (id.equals(result.commandId())) {
                    if (result.outcome() != TuningOutcome.PLANNED) {
                        throw new IllegalStateException("the genuine dry run was answered " + result);
                    }
                    return;
                }
                if (hostId.equals(result.hostId())) {
                    throw new IllegalStateException("the agent answered something else: " + result);
                }
            }
        }
        throw new IllegalStateException("no answer to " + id + " within " + LIMIT);
    }

    /** The agent's count of badly signed messages, from its /q/metrics. */
    private double refused() throws IOException, InterruptedException {
        String metrics = http.send(HttpRequest.newBuilder(URI.create(metricsUrl)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        return metrics.lines().filter(line -> line.startsWith(REFUSED)).findFirst()
                .map(line -> Double.parseDouble(line.substring(REFUSED.length()).trim())).orElse(0.0);
    }

    private static long median(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }
}
