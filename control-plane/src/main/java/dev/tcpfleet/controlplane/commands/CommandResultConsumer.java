package dev.tcpfleet.controlplane.commands;

import dev.tcpfleet.controlplane.StoreRetry;
import dev.tcpfleet.protocol.MalformedMessageException;
import dev.tcpfleet.protocol.ProtocolJson;
import dev.tcpfleet.protocol.Topics;
import dev.tcpfleet.protocol.TuningResult;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Reads agents' results onto the command rows they answer. A message that is not a result goes to the dead-letter
 * topic; a result that answers no command of ours (an agent refusing a forged command reports a null id) is logged
 * and counted, as it says something about the topic rather than about this consumer.
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
    public CompletionStage<Void> consume(Message<byte[]> message) {
        return retry.store(message, CommandResultConsumer::read, result -> {
            if (store.recordResult(result) == CommandStore.Recorded.UNMATCHED) {
                unmatched.increment();
                LOG.warnf("result %s from host %s (%s, %s) answers no command of ours", result.commandId(),
                        result.hostId(), result.outcome(), result.reasons());
            }
        }, result -> "result " + result.commandId() + " of host " + result.hostId());
    }

    private static TuningResult read(byte[] message) {
        TuningResult result = ProtocolJson.readTuningResult(message);
        if (result.hostId() == null || result.outcome() == null) {
            throw new MalformedMessageException("TuningResult: hostId and outcome are required");
        }
        return result;
    }
}
