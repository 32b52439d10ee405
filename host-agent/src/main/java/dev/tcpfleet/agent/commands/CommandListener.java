package dev.tcpfleet.agent.commands;

import dev.tcpfleet.agent.AgentConfig;
import dev.tcpfleet.agent.ShutdownDeadline;
import dev.tcpfleet.agent.identity.HostSealing;
import dev.tcpfleet.agent.stress.StressService;
import dev.tcpfleet.agent.tuning.TuningEngine;
import dev.tcpfleet.protocol.CommandRouting;
import dev.tcpfleet.protocol.HostIdentity;
import dev.tcpfleet.protocol.KafkaConnection;
import dev.tcpfleet.protocol.MalformedMessageException;
import dev.tcpfleet.protocol.ProtocolJson;
import dev.tcpfleet.protocol.Topics;
import dev.tcpfleet.protocol.TuningOutcome;
import dev.tcpfleet.protocol.TuningResult;
import dev.tcpfleet.protocol.commands.CommandSignatures;
import dev.tcpfleet.protocol.stress.StressReport;
import dev.tcpfleet.protocol.stress.StressResult;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.Record;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.jboss.logging.Logger;

/**
 * Reads this host's commands and answers each on {@link Topics#COMMAND_RESULTS} (stress tests on
 * {@link Topics#STRESS_RESULTS} when they end). A message nobody can be shown to have signed (unreadable, unsigned,
 * badly signed) is dropped unanswered and counted ({@link CommandRefusals}); a genuine one this build cannot read goes
 * to {@link Topics#DEAD_LETTERS} with its reason, as the control plane's channels do with theirs. It also reverts
 * applies whose confirm window closed unconfirmed. That watch runs on the scheduler, apart from the broker: a tuning that
 * cuts the host off the network must heal itself without it. The agent assigns itself
 * the one partition its host id hashes to ({@link CommandRouting}) instead of subscribing to the topic, so
 * at 10,000 hosts it reads the commands of the few hosts sharing that partition, not the fleet's. A plain
 * consumer, because a messaging channel cannot be pinned to a partition computed at start-up.
 */
@ApplicationScoped
public class CommandListener {
    private static final Logger LOG = Logger.getLogger(CommandListener.class);
    /** The exit status of a halt injected by {@code tcpfleet.agent.fault.halt-after-apply}. */
    public static final int HALTED_AFTER_APPLY = 86;
    /** Longer than the producer's delivery.timeout.ms, so the producer decides when a result failed. */
    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(30);

    private final Optional<CommandHandler> handler;
    private final TuningEngine engine;
    private final String hostId;
    private final Map<String, Object> connection;
    private final Emitter<Record<String, byte[]>> results;
    private final Emitter<Record<String, byte[]>> stressReports;
    private final HostSealing sealing;
    private final Emitter<byte[]> deadLetters;
    private final boolean haltAfterApply;
    private final ShutdownDeadline shutdown;
    /** Counted and logged in sum: a flood of forged messages must not cost a line or a broker round trip each. */
    private final CommandRefusals refusals;
    private final CommandCounts counts;
    /**
     * Whether the journal may hold reverts not yet reported, which the command thread sends: the revert watch must
     * not wait for the broker. True at start, for those a restart or SIGTERM left unreported.
     */
    private final AtomicBoolean revertsToReport = new AtomicBoolean(true);
    /** Whether the last report of reverts failed on the journal: said once, not every round. Command thread only. */
    private boolean journalFailing;
    private volatile boolean stopping;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private Thread thread;

    CommandListener(AgentConfig config, HostIdentity identity, TuningEngine engine, StressService stressService,
                    @Identifier("default-kafka-broker") Map<String, Object> kafka,
                    @Channel(Topics.COMMAND_RESULTS) Emitter<Record<String, byte[]>> results,
                    @Channel(Topics.STRESS_RESULTS) Emitter<Record<String, byte[]>> stressReports,
                    @Channel(Topics.DEAD_LETTERS) Emitter<byte[]> deadLetters, ShutdownDeadline shutdown,
                    MeterRegistry registry, HostSealing sealing) {
        this.hostId = identity.hostId();
        StressCommandRunner stress = new StressCommandRunner(hostId, stressService,
                new StressJournal(config.stateDir().resolve("stress")), this::report, Clock.systemUTC());
        this.refusals = new CommandRefusals(registry, Clock.systemUTC());
        this.counts = new CommandCounts(registry);
        Gauge.builder("tcpfleet.agent.confirm.deadlines.pending", engine, TuningEngine::confirmDeadlinesPending)
                .description("applies awaiting confirmation: each is reverted when its window closes unconfirmed")
                .register(registry);
        this.handler = config.commandPublicKey().map(key -> new CommandHandler(hostId,
                CommandSignatures.publicKey(key), engine, stress, Clock.systemUTC()));
        this.engine = engine;
        this.connection = KafkaConnection.settings(kafka); // the channels' broker, TLS and SASL settings
        this.results = results;
        this.stressReports = stressReports;
        this.sealing = sealing;
        this.deadLetters = deadLetters;
        this.haltAfterApply = config.fault().haltAfterApply();
        this.shutdown = shutdown;
    }

    void start(@Observes StartupEvent event) {
        if (handler.isEmpty()) {
            LOG.warn("no tcpfleet.agent.command-public-key: this agent takes no tuning commands");
            return;
        }
        Map<String, Object> settings = new HashMap<>(connection);
        // a group of one, only to keep this host's read position across restarts
        settings.put(ConsumerConfig.GROUP_ID_CONFIG, Topics.AGENT_GROUP_PREFIX + hostId);
        settings.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        consumer = new KafkaConsumer<>(settings, new StringDeserializer(), new ByteArrayDeserializer());
        thread = new Thread(this::run, "tcpfleet-commands");
        thread.setDaemon(true);
        thread.start();
    }

    /** Open windows are kept in the journal, so one that closed while the agent was down is reverted at start. */
    @Scheduled(every = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void revertUnconfirmed() {
        if (!engine.revertUnconfirmed().isEmpty()) {
            revertsToReport.set(true);
        }
    }

    /**
     * Lets the command in hand finish, its result be acknowledged and its offset committed, within the drain budget.
     * No interrupt: one would close the sysctl files mid-write (ClosedByInterruptException).
     */
    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        stopping = true;
        KafkaConsumer<String, byte[]> current = consumer;
        if (current != null) {
            current.wakeup(); // ends a poll or a wait for the topic; run() commits in spite of it
            thread.join(Math.max(1, shutdown.remaining(Duration.ZERO).toMillis()));
            if (thread.isAlive()) {
                LOG.warn("stopping with a command unfinished: it is read again at the next start");
            }
        }
    }

    private void run() {
        try (KafkaConsumer<String, byte[]> commands = consumer) {
            int partitions = awaitCommandTopic(commands);
            TopicPartition mine = new TopicPartition(Topics.COMMANDS, CommandRouting.partitionFor(hostId, partitions));
            commands.assign(List.of(mine));
            handler.orElseThrow().recover().forEach(this::answer);
            LOG.infof("reading commands for %s from %s", hostId, mine);
            while (!stopping) {
                sendReverts();
                OptionalLong next = handleBatch(commands, mine, commands.poll(Duration.ofSeconds(1)));
                refusals.summaryIfDue().ifPresent(LOG::warn);
                if (next.isPresent()) {
                    commit(commands, mine, next.getAsLong());
                }
            }
        } catch (WakeupException | InterruptedException exiting) {
            // shutdown, while waiting for the topic or for commands: nothing is in hand
        } catch (RuntimeException e) {
            LOG.errorf(e, "the command reader stopped: %s", e.getMessage());
        }
    }

    /**
     * Handles the batch in order until it ends, shutdown begins, or a result is not acknowledged; that command is
     * then read again (the consumer seeks back to it) and answered from the journal, not applied twice. The
     * signatures of the whole batch are checked first, on every core, so a flood of forged messages delays the
     * commands behind it by a signature check each.
     *
     * @return the offset after the last record done, to commit
     */
    private OptionalLong handleBatch(KafkaConsumer<String, byte[]> commands, TopicPartition mine,
            ConsumerRecords<String, byte[]> batch) {
        // the partition is shared with other hosts
        List<ConsumerRecord<String, byte[]>> ours = new ArrayList<>();
        batch.forEach(record -> {
            if (hostId.equals(record.key())) {
                ours.add(record);
            }
        });
        List<CommandHandler.Checked> checked = handler.orElseThrow()
                .checkAll(ours.stream().map(ConsumerRecord::value).toList());
        Iterator<CommandHandler.Checked> verdicts = checked.iterator();
        OptionalLong next = OptionalLong.empty();
        for (ConsumerRecord<String, byte[]> record : batch) {
            if (stopping) {
                break; // the rest waits for the next start
            }
            if (hostId.equals(record.key()) && !handle(record, verdicts.next())) {
                commands.seek(mine, record.offset());
                break;
            }
            next = OptionalLong.of(record.offset() + 1);
        }
        return next;
    }

    private void commit(KafkaConsumer<String, byte[]> commands, TopicPartition mine, long next) {
        Map<TopicPartition, OffsetAndMetadata> offsets = Map.of(mine, new OffsetAndMetadata(next));
        try {
            try {
                commands.commitSync(offsets, ACK_TIMEOUT);
            } catch (WakeupException meantForPoll) {
                // the wake-up was meant for poll(); what was done is still committed
                commands.commitSync(offsets, shutdown.remaining(ACK_TIMEOUT));
            }
        } catch (KafkaException e) {
            // a later commit covers it; a restart before then reads those commands again, answered from the journal
            LOG.warnf("commands up to offset %d are done but not committed: %s", next, e.getMessage());
        }
    }

    /** Sends the reverts' results in order, until one is not acknowledged; it is tried again next round. */
    private void sendReverts() {
        if (!revertsToReport.getAndSet(false)) {
            return;
        }
        try {
            for (TuningResult result : engine.unreportedReverts()) {
                if (!answer(result)) {
                    revertsToReport.set(true);
                    return;
                }
                counts.answered("apply", result.outcome().name()); // the apply's window closed unconfirmed
                engine.revertReported(result.commandId());
            }
        } catch (RuntimeException e) {
            // the journal could not be read or written (a full disk): commands go on, the reports wait for it
            revertsToReport.set(true);
            if (!journalFailing) {
                LOG.warnf("reverts not reported until the tuning journal can be read and written: %s",
                        e.getMessage());
            }
            journalFailing = true;
            return;
        }
        journalFailing = false;
    }

    /** @return false when the command's result was not acknowledged */
    private boolean handle(ConsumerRecord<String, byte[]> record, CommandHandler.Checked checked) {
        if (checked instanceof CommandHandler.Untrusted untrusted) {
            refusals.refused(untrusted.reason(), untrusted.detail() + " (at offset " + record.offset() + ")")
                    .ifPresent(LOG::warn);
            return true; // dropped: anyone could have sent it, so it earns no answer
        }
        if (checked instanceof CommandHandler.Refused refused) {
            refusals.refused(refused.refusal().refusal().tag(), refused.refusal().getMessage()).ifPresent(LOG::warn);
        }
        try {
            Optional<TuningResult> result = handler.orElseThrow().act(checked);
            if (result.isPresent() && haltAfterApply && result.get().outcome() == TuningOutcome.APPLIED) {
                // the offset is not committed either: the restarted agent reads the command again
                LOG.errorf("fault injected: halting after %s was applied and journaled, before its result is sent",
                        result.get().commandId());
                Runtime.getRuntime().halt(HALTED_AFTER_APPLY);
            }
            if (result.isEmpty()) {
                return true;
            }
            boolean acknowledged = answer(result.get());
            if (acknowledged) { // one not acknowledged is read and answered again
                counts.answered(CommandCounts.kind(checked), result.get().outcome().name());
            }
            return acknowledged;
        } catch (MalformedMessageException e) {
            LOG.warnf("command at %s-%d@%d is malformed: %s", record.topic(), record.partition(), record.offset(),
                    e.getMessage());
            RecordHeaders headers = new RecordHeaders();
            headers.add(Topics.DEAD_LETTER_REASON, e.getMessage().getBytes(StandardCharsets.UTF_8));
            headers.add("dead-letter-topic", record.topic().getBytes(StandardCharsets.UTF_8));
            headers.add("dead-letter-partition", Integer.toString(record.partition()).getBytes(StandardCharsets.UTF_8));
            headers.add("dead-letter-offset", Long.toString(record.offset()).getBytes(StandardCharsets.UTF_8));
            deadLetters.send(Message.of(record.value() == null ? new byte[0] : record.value(), Metadata.of(
                    OutgoingKafkaRecordMetadata.<String>builder().withKey(record.key()).withHeaders(headers).build())));
            return true;
        }
    }

    /** The topic's partition count, once the control plane (or the first command) has created it. */
    private static int awaitCommandTopic(KafkaConsumer<String, byte[]> commands) throws InterruptedException {
        while (true) {
            try {
                List<PartitionInfo> partitions = commands.partitionsFor(Topics.COMMANDS, Duration.ofSeconds(10));
                if (!partitions.isEmpty()) {
                    return partitions.size();
                }
                LOG.debugf("%s does not exist yet", Topics.COMMANDS);
            } catch (TimeoutException e) {
                LOG.warnf("no answer from the broker about %s yet: %s", Topics.COMMANDS, e.getMessage());
            }
            Thread.sleep(1_000);
        }
    }

    /** Sends {@code result} and waits for the broker's acknowledgement; false if it did not come. */
    private boolean answer(TuningResult result) {
        LOG.infof("command %s: %s %s", result.commandId(), result.outcome(), result.reasons());
        try {
            sealing.send(results, hostId, ProtocolJson.write(result))
                    .get(shutdown.remaining(ACK_TIMEOUT).toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (ExecutionException | java.util.concurrent.TimeoutException | RuntimeException e) {
            LOG.warnf("the result of command %s was not acknowledged: %s", result.commandId(), e.toString());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void report(StressReport report) {
        StressResult result = report.result();
        LOG.infof("stress command %s (campaign %s): %s", report.commandId(), result.testId(),
                result.wasRefused() ? "refused: " + result.refusal()
                        : result.successes() + " of " + result.attempted() + " connections succeeded");
        counts.answered(CommandCounts.STRESS, result.wasRefused() ? "refused" : "completed");
        sealing.send(stressReports, hostId, ProtocolJson.write(report));
    }
}
