package dev.tcpfleet.simulator;

import dev.tcpfleet.domain.stress.AgentStressRefusals;
import dev.tcpfleet.domain.stress.TargetAllowlist;
import dev.tcpfleet.protocol.ProtocolJson;
import dev.tcpfleet.protocol.Topics;
import dev.tcpfleet.protocol.commands.CommandSignatures;
import dev.tcpfleet.protocol.commands.FleetCommand;
import dev.tcpfleet.protocol.commands.SignedCommand;
import dev.tcpfleet.protocol.commands.StressCommand;
import dev.tcpfleet.protocol.commands.TuningCommand;
import dev.tcpfleet.protocol.identity.HostSealer;
import dev.tcpfleet.protocol.stress.StressReport;
import dev.tcpfleet.protocol.stress.StressRequest;
import dev.tcpfleet.protocol.stress.StressResult;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * N virtual hosts in one JVM sharing one producer and one command consumer: a real agent holds a producer and a
 * consumer of its own, which for ten thousand hosts would be more connections and threads than one process can
 * hold. The hosts are dealt to a few shards, one thread each (as many as there are cores): a host's state is only
 * ever touched by its shard's thread, so hosts need no locks, and a command storm on one shard's hosts leaves the
 * others' snapshots on time.
 */
public final class FleetSimulator implements AutoCloseable {
    /**
     * @param hosts      how many virtual hosts, {@code prefix0} to {@code prefix(N-1)}
     * @param interval   each host's snapshot interval; the hosts' snapshots are spread evenly over it
     * @param commandKey the control plane's public key: commands signed by anyone else are refused, as agents do,
     *                   and each host seals what it publishes with the key it agrees from it
     * @param enrolSecret the fleet's enrol secret, for the hosts to enrol themselves as agents given it do
     * @param stressAllowlist the targets the hosts run fleet tests against, refusing others as an agent does;
     *                    empty to run every test the control plane sends
     */
    public record Settings(String bootstrapServers, int hosts, String prefix, Duration interval,
            PublicKey commandKey, Optional<String> enrolSecret, Optional<TargetAllowlist> stressAllowlist) {
        /** Hosts that run every test the control plane sends. */
        public Settings(String bootstrapServers, int hosts, String prefix, Duration interval, PublicKey commandKey,
                Optional<String> enrolSecret) {
            this(bootstrapServers, hosts, prefix, interval, commandKey, enrolSecret, Optional.empty());
        }
    }

    /** What the simulator has done so far. */
    public record Counts(long snapshots, long commandsAnswered, long stressReports, long refused) {
    }

    private static final Duration TICK = Duration.ofMillis(100);

    private final Settings settings;
    private final Map<String, SimulatedHost> hosts = new HashMap<>();
    private final Map<String, Shard> shardOf = new HashMap<>();
    private final Map<String, HostSealer> sealers;
    private final List<Shard> shards = new ArrayList<>();
    private final KafkaProducer<String, byte[]> producer;
    private final KafkaConsumer<String, byte[]> commands;
    private final Thread commandThread;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong snapshots = new AtomicLong();
    private final AtomicLong answered = new AtomicLong();
    private final AtomicLong stressReports = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final Instant start = Instant.now();

    /** A share of the hosts and the one thread that sends their snapshots and answers their commands. */
    private final class Shard {
        private final ScheduledExecutorService thread;
        private final List<SimulatedHost> members = new ArrayList<>();
        private long sentSoFar;

        Shard(int index) {
            thread = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "simulated-hosts-" + index));
        }

        /** Sends the snapshots that fall due by now, so the shard's snapshots spread evenly over one interval. */
        void publishDue() {
            try {
                Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
                long due = Duration.between(start, now).toMillis() * members.size() / settings.interval().toMillis()
                        + 1;
                // after a stall (a broker away) each host sends its one current snapshot, not every one it missed
                sentSoFar = Math.max(sentSoFar, due - members.size());
                for (; sentSoFar < due; sentSoFar++) {
                    SimulatedHost host = members.get((int) (sentSoFar % members.size()));
                    send(Topics.SNAPSHOTS, host, ProtocolJson.write(host.snapshot(now)));
                    snapshots.incrementAndGet();
                }
            } catch (RuntimeException e) {
                System.err.println("simulator: snapshots not sent this tick: " + e);
            }
        }
    }

    private FleetSimulator(Settings settings) {
        this.settings = settings;
        int threads = Math.min(settings.hosts(), Runtime.getRuntime().availableProcessors());
        for (int i = 0; i < threads; i++) {
            shards.add(new Shard(i));
        }
        for (int i = 0; i < settings.hosts(); i++) {
            String id = settings.prefix() + i;
            SimulatedHost host = new SimulatedHost(id, labels(i), id.hashCode());
            Shard shard = shards.get(i % threads);
            hosts.put(id, host);
            shard.members.add(host);
            shardOf.put(id, shard);
        }
        sealers = SimulatedHostKeys.forHosts(hosts.keySet(), settings.commandKey(), settings.enrolSecret());
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers(),
                ProducerConfig.LINGER_MS_CONFIG, 20),
                new StringSerializer(), new ByteArraySerializer());
        // one group per simulated fleet: a restarted simulator goes on from the commands it had read
        commands = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "tcpfleet-simulator-" + settings.prefix(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.METADATA_MAX_AGE_CONFIG, 5_000),
                new StringDeserializer(), new ByteArrayDeserializer());
        commandThread = new Thread(this::readCommands, "simulator-commands");
    }

    /** Starts publishing every host's snapshots and answering their commands. */
    public static FleetSimulator start(Settings settings) {
        FleetSimulator simulator = new FleetSimulator(settings);
        simulator.commands.subscribe(List.of(Topics.COMMANDS));
        simulator.commandThread.start();
        simulator.shards.forEach(shard -> shard.thread.scheduleAtFixedRate(shard::publishDue, 0, TICK.toMillis(),
                TimeUnit.MILLISECONDS));
        return simulator;
    }

    public Counts counts() {
        return new Counts(snapshots.get(), answered.get(), stressReports.get(), refused.get());
    }

    /** The live sysctls of one simulated host, read on its shard's thread. */
    public Map<String, String> sysctls(String hostId) {
        try {
            return shardOf.get(hostId).thread.submit(() -> hosts.get(hostId).sysctls()).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot read " + hostId + "'s sysctls", e);
        }
    }

    /** Labels that make selectors and group-bys meaningful: 90 % prod, eight roles, three zones. */
    static Map<String, String> labels(int i) {
        return Map.of("env", i % 10 == 0 ? "staging" : "prod", "role", "role-" + i % 8, "zone", "zone-" + i % 3);
    }

    private void readCommands() {
        try {
            while (running.get()) {
                for (ConsumerRecord<String, byte[]> record : commands.poll(Duration.ofMillis(200))) {
                    SimulatedHost host = hosts.get(record.key());
                    if (host != null) {
                        Shard shard = shardOf.get(record.key());
                        shard.thread.execute(() -> handle(shard, host, record.value()));
                    }
                }
            }
        } catch (WakeupException e) {
            // closing
        }
    }

    private void handle(Shard shard, SimulatedHost host, byte[] value) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        FleetCommand command;
        try {
            SignedCommand signed = ProtocolJson.mapper().readValue(value, SignedCommand.class);
            command = CommandSignatures.verify(signed, settings.commandKey(), host.hostId(), now);
        } catch (IOException | CommandSignatures.RejectedCommandException e) {
            refused.incrementAndGet();
            return;
        }
        if (command instanceof TuningCommand tuning) {
            send(Topics.COMMAND_RESULTS, host, ProtocolJson.write(host.handle(tuning, now)));
            answered.incrementAndGet();
        } else if (command instanceof StressCommand stress && stress.action() == StressCommand.Action.RUN) {
            StressRequest request = stress.request();
            Optional<String> refusal = refusal(request);
            if (refusal.isPresent()) {
                report(host, stress, StressResult.refused(request, refusal.get(), now));
                return;
            }
            // reported when a real run would have ended, within the test's duration cap
            long millis = Math.min(request.durationCapMillis(), 1_000L * request.connections()
                    / (request.maxRate() == null ? 1_000 : Math.max(1, request.maxRate())));
            shard.thread.schedule(() -> report(host, stress,
                    host.stress(request, Instant.now().truncatedTo(ChronoUnit.MICROS))), millis, TimeUnit.MILLISECONDS);
        }
    }

    /** Why a host refuses {@code request}: judged by the agent's own guardrail on the target, in its words. */
    private Optional<String> refusal(StressRequest request) {
        if (settings.stressAllowlist().isEmpty()) {
            return Optional.empty();
        }
        try {
            return AgentStressRefusals.offAllowlist(settings.stressAllowlist().get(), request,
                    InetAddress.getByName(request.host()));
        } catch (UnknownHostException e) {
            return Optional.of(AgentStressRefusals.unresolvable(request.host()));
        }
    }

    private void report(SimulatedHost host, StressCommand command, StressResult result) {
        send(Topics.STRESS_RESULTS, host, ProtocolJson.write(new StressReport(StressRequest.SCHEMA_VERSION,
                command.commandId(), host.hostId(), result)));
        stressReports.incrementAndGet();
    }

    /** Sends {@code value} as {@code host}, sealed by it. */
    private void send(String topic, SimulatedHost host, byte[] value) {
        producer.send(SimulatedHostKeys.record(sealers, topic, host.hostId(), value));
    }

    @Override
    public void close() {
        running.set(false);
        commands.wakeup();
        try {
            commandThread.join(10_000);
            shards.forEach(shard -> shard.thread.shutdown());
            for (Shard shard : shards) {
                shard.thread.awaitTermination(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        commands.close();
        producer.close();
    }
}
