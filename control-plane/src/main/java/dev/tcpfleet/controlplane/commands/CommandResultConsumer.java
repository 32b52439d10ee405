package dev.tcpfleet.controlplane.commands;

import dev.tcpfleet.controlplane.StoreRetry;
import dev.tcpfleet.protocol.MalformedMessageException;
import dev.tcpfleet.protocol.ProtocolJson;
import dev.tcpfleet.protocol.Topics;
import dev.tcpfleet.protocol.TuningResult;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Reads agents' results onto the command rows they answer, a poll at a time in one transaction (a command to
 * thousands of hosts is answered by thousands at once). A message that is not a result goes to the dead-letter topic
 * once the rest are stored; a result that answers no command of ours is logged and counted, as it says something
 * about the topics rather than about this consumer: an agent refusing a genuine command it will not carry out
 * (another host's replayed to it, an expired one) reports a null id, as does a result forged by a writer of the
 * results topic. Agents drop forged commands unanswered, so a flood of those shows on the agents'
 * {@code tcpfleet.agent.commands.refused}, not here.
 */
@ApplicationScoped
public class CommandResultConsumer {
    private static final Logger LOG = Logger.getLogger(CommandResultConsumer.class);

    private final CommandStore store;
    private final StoreRetry retry;
    private final Counter unmatched;

    CommandResultConsumer(CommandStore store, StoreRetry retry, MeterRegistry registry) {
        this.store = store;
        this.retry = retry;
        this.unmatched = Counter.builder("tcpfleet.commands.results.unmatched")
                .description("results that answer no command sent by this control plane").register(registry);
    }

    @Incoming(Topics.COMMAND_RESULTS)
    @Blocking
    public CompletionStage<Void> consume(KafkaRecordBatch<String, byte[]> batch) {
        return retry.storeAll(batch, batch.getRecords(), StoreRetry.eachWith(CommandResultConsumer::read), results -> {
            List<CommandStore.Recorded> recorded = store.recordResults(results);
            for (int i = 0; i < results.size(); i++) {
                if (recorded.get(i) == CommandStore.Recorded.UNMATCHED) {
                    TuningResult result = results.get(i);
                    unmatched.increment();
                    LOG.warnf("result %s from host %s (%s, %s) answers no command of ours", result.commandId(),
                            result.hostId(), result.outcome(), result.reasons());
                }
            }
        }, "a batch of " + batch.getRecords().size() + " results");
    }

    private static TuningResult read(byte[] message) {
        TuningResult result = ProtocolJson.readTuningResult(message);
        if (result.hostId() == null || result.outcome() == null) {
            throw new MalformedMessageException("TuningResult: hostId and outcome are required");
        }
        return result;
    }
}
