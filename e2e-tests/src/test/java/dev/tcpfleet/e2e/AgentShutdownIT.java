package dev.tcpfleet.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tcpfleet.protocol.CommandRouting;
import dev.tcpfleet.protocol.ProtocolJson;
import dev.tcpfleet.protocol.Topics;
import dev.tcpfleet.protocol.TuningOutcome;
import dev.tcpfleet.protocol.TuningResult;
import dev.tcpfleet.protocol.commands.CommandSignatures;
import dev.tcpfleet.protocol.commands.TuningCommand;
import dev.tcpfleet.testing.AppProcess;
import dev.tcpfleet.testing.KafkaBrokerProcess;
import dev.tcpfleet.testing.TopicRecords;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * SIGTERM while the agent is in the middle of a command: it finishes it (the sysctl is written whole), reports the
 * result and commits the command before it exits, so the restarted agent does not read it again. The command is held
 * mid-way by holding the tuning journal's lock, as a concurrent {@code tune} would.
 */
class AgentShutdownIT {
    private static final String HOST = "draining-host";
    private static final int PARTITIONS = 4;

    @Test
    void aCommandInHandAtSigtermIsFinishedReportedAndCommitted() throws Exception {
        Path root = Files.createTempDirectory("tcpfleet-shutdown-");
        Path somaxconn = root.resolve("proc/sys/net/core/somaxconn");
        Files.createDirectories(somaxconn.getParent());
        Files.writeString(somaxconn, "4096\n");
        Path journal = Files.createDirectories(root.resolve("state/tuning"));
        KeyPair keys = CommandSignatures.generateKeys();
        String commandId = "cmd-" + UUID.randomUUID();
        try (KafkaBrokerProcess broker = KafkaBrokerProcess.startOnLoopback()) {
            broker.createTopics(PARTITIONS, Topics.SNAPSHOTS, Topics.DEAD_LETTERS, Topics.COMMANDS,
                    Topics.COMMAND_RESULTS, Topics.STRESS_RESULTS);
            long offset;
            int exitStatus;
            try (AppProcess agent = AppProcess.start(HOST, "host-agent", TestHostKeys.agentConfig(Map.of(
                    "kafka.bootstrap.servers", broker.bootstrapServers(),
                    "tcpfleet.agent.host-id", HOST,
                    "tcpfleet.agent.state-dir", root.resolve("state").toString(),
                    "tcpfleet.agent.proc-sys-root", root.resolve("proc/sys").toString(),
                    "tcpfleet.agent.sysctl-files-root", root.toString(),
                    "tcpfleet.agent.command-public-key", CommandSignatures.encode(keys.getPublic()))));
                 FileChannel lockFile = FileChannel.open(journal.resolve(".lock"), StandardOpenOption.CREATE,
                         StandardOpenOption.WRITE)) {
                agent.awaitReady(TestFleet.START);
                await().atMost(Duration.ofSeconds(60)).until(() -> log(agent).contains("reading commands for " + HOST));
                FileLock held = lockFile.lock();
                offset = send(broker, apply(commandId, keys), keys);
                await().atMost(Duration.ofSeconds(60)).until(() -> waitsForTheJournal(agent.pid()));

                CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(
                        () -> agent.terminate(Duration.ofSeconds(60)));
                await().atMost(Duration.ofSeconds(30)).until(() -> log(agent).contains("stopping: finishing"));
                held.release();
                exitStatus = exit.get(90, TimeUnit.SECONDS);
            }

            assertEquals(143, exitStatus, "the JVM's status after a SIGTERM it handled");
            TuningResult result = ProtocolJson.readTuningResult(TopicRecords.awaitFirst(broker.bootstrapServers(),
                    Topics.COMMAND_RESULTS, record -> HOST.equals(record.key())).value());
            assertEquals(commandId, result.commandId());
            assertEquals(TuningOutcome.APPLIED, result.outcome(), result.toString());
            assertEquals("8192", Files.readString(somaxconn).strip(), "the write was not cut short");
            assertEquals(offset + 1, committed(broker), "the command is committed: a restart does not read it again");
        } finally {
            try (Stream<Path> files = Files.walk(root)) {
                files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
            }
        }
    }

    private static TuningCommand apply(String commandId, KeyPair keys) {
        Instant now = Instant.now();
        return new TuningCommand(TuningCommand.SCHEMA_VERSION, commandId, HOST, TuningCommand.Action.APPLY, "test", 1,
                Map.of("net.core.somaxconn", "8192"), false, 0, null, now, now.plus(Duration.ofMinutes(5)));
    }

    /** @return the command's offset */
    private static long send(KafkaBrokerProcess broker, TuningCommand command, KeyPair keys) throws Exception {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()),
                new StringSerializer(), new ByteArraySerializer())) {
            RecordMetadata sent = producer.send(new ProducerRecord<>(Topics.COMMANDS, HOST,
                    ProtocolJson.write(CommandSignatures.sign(command, keys.getPrivate())))).get(30, TimeUnit.SECONDS);
            return sent.offset();
        }
    }

    /** The agent's command thread is blocked taking the journal's lock (fcntl), that is, in the command. */
    private static boolean waitsForTheJournal(long pid) throws IOException {
        try (Stream<Path> tasks = Files.list(Path.of("/proc", String.valueOf(pid), "task"))) {
            // the kernel keeps 15 characters of a thread's name
            return tasks.anyMatch(task -> read(task.resolve("comm")).equals("tcpfleet-commands".substring(0, 15))
                    && read(task.resolve("wchan")).equals("fcntl_setlk"));
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file).strip();
        } catch (IOException e) {
            return ""; // the thread ended
        }
    }

    private static String log(AppProcess agent) throws IOException {
        return Files.readString(agent.log());
    }

    private static long committed(KafkaBrokerProcess broker) throws Exception {
        TopicPartition mine = new TopicPartition(Topics.COMMANDS, CommandRouting.partitionFor(HOST, PARTITIONS));
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets("tcpfleet-agent-" + HOST)
                    .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
            return offsets.get(mine).offset();
        }
    }
}
