package dev.tcpfleet.controlplane.commands;

import dev.tcpfleet.controlplane.messaging.StoreRetry;
import dev.tcpfleet.controlplane.enrolment.Claim;
import dev.tcpfleet.controlplane.enrolment.Envelope;
import dev.tcpfleet.controlplane.enrolment.HostAuthentication;
import dev.tcpfleet.controlplane.enrolment.RefusedMessage;
import dev.tcpfleet.protocol.MalformedMessageException;
import dev.tcpfleet.protocol.ProtocolJson;
import dev.tcpfleet.protocol.Topics;
import dev.tcpfleet.protocol.TuningResult;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Reads agents' results onto the command rows they answer, a poll at a time in one transaction (a command to
 * thousands of hosts is answered by thousands at once). A message that is not a result, or that host authentication
 * refuses, goes to the dead-letter topic once the rest are stored; a result that answers no command of ours is
 * logged and counted, as it says something about the topics rather than about this consumer: an agent refusing a
 * genuine command it will not carry out (another host's replayed to it, an expired one) reports a null id. Agents
 * drop forged commands unanswered, so a flood of those shows on the agents' {@code tcpfleet.agent.commands.refused},
 * not here.
 */
@ApplicationScoped
public class CommandResultConsumer {
    private static final Logger LOG = Logger.getLogger(CommandResultConsumer.class);

    private final CommandStore store;
    private final HostAuthentication authentication;
    private final StoreRetry retry;
    private final Counter unmatched;
    private final MeterRegistry registry;

    CommandResultConsumer(CommandStore store, HostAuthentication authentication, StoreRetry retry,
            MeterRegistry registry) {
        this.store = store;
        this.authentication = authentication;
        this.retry = retry;
        this.registry = registry;
        this.unmatched = Counter.builder("tcpfleet.commands.results.unmatched")
                .description("results that answer no command sent by this control plane").register(registry);
    }

    @Incoming(Topics.COMMAND_RESULTS)
    @Blocking
    public CompletionStage<Void> consume(KafkaRecordBatch<String, byte[]> batch) {
        return retry.storeAll(batch, batch.getRecords(), StoreRetry.eachWith(CommandResultConsumer::read),
                this::store, "a batch of " + batch.getRecords().size() + " results");
    }

    /**
     * Authenticates the results and records those admitted, in one transaction; once it has committed, counts the
     * stored ones by their command's action and their outcome (a retried try counts nothing).
     */
    private Map<Received, RefusedMessage> store(List<Received> received) {
        Map<List<String>, Integer> answered = new HashMap<>();
        Map<Received, RefusedMessage> refused = QuarkusTransaction.requiringNew().call(() -> {
            answered.clear();
            Map<Received, RefusedMessage> refusals = authentication.refused(received, Received::claim);
            List<TuningResult> results = received.stream().filter(one -> !refusals.containsKey(one))
                    .map(Received::result).toList();
            List<CommandStore.Recorded> recorded = store.recordResults(results);
            List<TuningResult> stored = new ArrayList<>();
            for (int i = 0; i < results.size(); i++) {
                TuningResult result = results.get(i);
                if (recorded.get(i) == CommandStore.Recorded.STORED) {
                    stored.add(result);
                } else if (recorded.get(i) == CommandStore.Recorded.UNMATCHED) {
                    unmatched.increment();
                    LOG.warnf("result %s from host %s (%s, %s) answers no command of ours", result.commandId(),
                            result.hostId(), result.outcome(), result.reasons());
                }
            }
            Map<String, String> actions = stored.isEmpty() ? Map.of()
                    : store.actionsOf(stored.stream().map(TuningResult::commandId).toList());
            stored.forEach(result -> answered.merge(List.of(actions.getOrDefault(result.commandId(), "unknown"),
                    result.outcome().name().toLowerCase(Locale.ROOT)), 1, Integer::sum));
            return refusals;
        });
        answered.forEach((actionAndOutcome, count) -> Counter.builder("tcpfleet.commands")
                .description("hosts' answers to commands stored, by the command's action and the host's outcome")
                .tag("action", actionAndOutcome.get(0)).tag("outcome", actionAndOutcome.get(1))
                .register(registry).increment(count));
        return refused;
    }

    /** A result as read, with the message it came in. */
    private record Received(TuningResult result, Envelope envelope) {
        Claim claim() {
            return new Claim(envelope, result.hostId(), null, null, null);
        }
    }

    private static Received read(Message<byte[]> message) {
        TuningResult result = ProtocolJson.readTuningResult(message.getPayload());
        if (result.hostId() == null || result.outcome() == null) {
            throw new MalformedMessageException("TuningResult: hostId and outcome are required");
        }
        return new Received(result, Envelope.of(message));
    }
}
