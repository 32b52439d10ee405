package dev.tcpfleet.simulator;

import dev.tcpfleet.protocol.ProtocolJson;
import dev.tcpfleet.protocol.Topics;
import dev.tcpfleet.protocol.TuningOutcome;
import dev.tcpfleet.protocol.TuningResult;
import dev.tcpfleet.protocol.commands.CommandSignatures;
import dev.tcpfleet.protocol.commands.TuningCommand;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.IntFunction;
import java.util.stream.IntStream;
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
 * The anchor of {@code bench/fanout.sh}: the same fan-out with the control plane taken out. It signs one apply per
 * simulated host itself, sends them straight to the commands topic and waits for every result on the results
 * topic, so what is left is Kafka and the simulated hosts; the bench prints the control plane's fan-out beside it.
 *
 * <p>Usage: {@code FanOutAnchor BOOTSTRAP PRIVATE_KEY_BASE64 HOSTS PREFIX SOMAXCONN}; prints the milliseconds.
 */
public final class FanOutAnchor {
    private static final Duration LIMIT = Duration.ofMinutes(2);
    /** Signatures and reads made before timing, for the JIT. */
    private static final int WARM_UP = 3000;

    private FanOutAnchor() {
    }

    public static void main(String[] args) {
        if (args.length != 5) {
            System.err.println("usage: FanOutAnchor BOOTSTRAP PRIVATE_KEY_BASE64 HOSTS PREFIX SOMAXCONN");
            System.exit(2);
        }
        String bootstrap = args[0];
        PrivateKey key = CommandSignatures.privateKey(args[1]);
        int hosts = Integer.parseInt(args[2]);
        String prefix = args[3];
        Map<String, String> settings = Map.of("net.core.somaxconn", args[4]);
        String run = UUID.randomUUID().toString();

        try (KafkaConsumer<String, byte[]> results = new KafkaConsumer<>(Map.of(
                     ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap), new StringDeserializer(),
                     new ByteArrayDeserializer());
             KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                     ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all",
                     ProducerConfig.LINGER_MS_CONFIG, 5), new StringSerializer(), new ByteArraySerializer())) {
            List<TopicPartition> partitions = results.partitionsFor(Topics.COMMAND_RESULTS).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            results.assign(partitions);
            results.seekToEnd(partitions);
            partitions.forEach(results::position); // the end, fixed before anything is sent

            Instant issued = Instant.now();
            IntFunction<byte[]> signed = i -> ProtocolJson.write(CommandSignatures.sign(new TuningCommand(
                    TuningCommand.SCHEMA_VERSION, run + "-" + i, prefix + i, TuningCommand.Action.APPLY, "anchor", 1,
                    settings, false, 0, null, issued, issued.plus(Duration.ofMinutes(10))), key));
            // untimed: this process starts cold each run, while the control plane it stands beside is warm
            byte[] answer = ProtocolJson.write(new TuningResult(run + "-0", prefix + 0, TuningOutcome.APPLIED,
                    List.of(), null, List.of(), List.of(), issued, null));
            for (int i = 0; i < WARM_UP; i++) {
                signed.apply(i);
                ProtocolJson.readTuningResult(answer);
            }
            long started = System.nanoTime();
            // signed on every core, as the control plane does
            List<byte[]> commands = IntStream.range(0, hosts).parallel().mapToObj(signed).toList();
            for (int i = 0; i < hosts; i++) {
                producer.send(new ProducerRecord<>(Topics.COMMANDS, prefix + i, commands.get(i)));
            }
            producer.flush();
            Set<String> answered = new HashSet<>();
            while (answered.size() < hosts) {
                if (System.nanoTime() - started > LIMIT.toNanos()) {
                    throw new IllegalStateException(answered.size() + " of " + hosts + " answered within " + LIMIT);
                }
                for (ConsumerRecord<String, byte[]> record : results.poll(Duration.ofMillis(100))) {
                    TuningResult result = ProtocolJson.readTuningResult(record.value());
                    if (result.commandId() != null && result.commandId().startsWith(run)) {
                        answered.add(result.commandId());
                    }
                }
            }
            System.out.println((System.nanoTime() - started) / 1_000_000);
        }
    }
}
