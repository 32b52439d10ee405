package dev.tcpfleet.controlplane.commands;

import dev.tcpfleet.controlplane.ControlPlaneConfig;
import dev.tcpfleet.controlplane.errors.Refused;
import dev.tcpfleet.protocol.ProtocolJson;
import dev.tcpfleet.protocol.Topics;
import dev.tcpfleet.protocol.commands.CommandSignatures;
import dev.tcpfleet.protocol.commands.FleetCommand;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.PrivateKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

/**
 * The one way onto the command topic, for tuning commands and campaigns' stress commands alike: signs with the
 * configured key and sends each command keyed by its host id, so it lands on the partition that host's agent reads.
 */
@ApplicationScoped
public class CommandSender {
    private static final Logger LOG = Logger.getLogger(CommandSender.class);

    private final CommandStore store;
    private final CommandTopic topic;
    private final MutinyEmitter<byte[]> emitter;
    private final ControlPlaneConfig.Commands config;
    private final Optional<PrivateKey> signingKey;

    /** One command as it goes on the topic, and the host whose partition it goes to. */
    public record Signed(String hostId, byte[] bytes) {
    }

    CommandSender(CommandStore store, CommandTopic topic,
            // a request may send max-hosts commands at once; the request, not the emitter, bounds them
            @Channel(Topics.COMMANDS) @OnOverflow(OnOverflow.Strategy.UNBOUNDED_BUFFER) MutinyEmitter<byte[]> emitter,
            ControlPlaneConfig config) {
        this.store = store;
        this.topic = topic;
        this.emitter = emitter;
        this.config = config.commands();
        // A key that is set but unreadable fails here, at injection, rather than on the first command.
        this.signingKey = this.config.signingKey().filter(key -> !key.isBlank()).map(CommandSignatures::privateKey);
    }

    /** Refuses up front when there is no key: every agent would refuse an unsigned command anyway. */
    public void requireSigningKey() {
        key();
    }

    public Signed sign(FleetCommand command) {
        return new Signed(command.hostId(), ProtocolJson.write(CommandSignatures.sign(command, key())));
    }

    private PrivateKey key() {
        return signingKey.orElseThrow(() -> Refused.unavailable("commands_disabled",
                "commands cannot be signed: set tcpfleet.commands.signing-key (environment variable"
                        + " TCPFLEET_COMMANDS_SIGNING_KEY) to a base64 PKCS#8 Ed25519 private key whose public half"
                        + " the agents hold"));
    }

    /**
     * Sends stored tuning commands and marks each row SENT or NOT_SENT by the broker's answer; rows it did not answer
     * in time stay PENDING, as the broker may yet take them. Throws IllegalStateException, the rows marked NOT_SENT,
     * if the topic cannot be had.
     */
    void send(List<CommandStore.Unsent> commands) {
        List<String> order = commands.stream().map(CommandStore.Unsent::hostCommandId).toList();
        try {
            topic.ensureExists();
        } catch (RuntimeException e) {
            store.markSent(order, HostCommandStatus.NOT_SENT);
            throw new IllegalStateException(e.getMessage(), e);
        }
        // Each send ends in its failure or null; the rows are updated here, on the caller's thread, as the
        // broker's acknowledgements arrive on Kafka's I/O thread, where no transaction can run.
        List<Uni<Throwable>> sends = commands.stream().map(command -> emit(command.hostId(), command.signed())
                .onItemOrFailure().transform((ok, failure) -> failure)).toList();
        List<Throwable> failures;
        try {
            failures = await(sends);
        } catch (RuntimeException e) {
            LOG.warnf("the broker did not acknowledge the commands within %s: %s", config.sendTimeout(),
                    e.getMessage());
            return;
        }
        List<String> sent = new ArrayList<>();
        List<String> notSent = new ArrayList<>();
        for (int i = 0; i < order.size(); i++) {
            Throwable failure = failures.get(i);
            if (failure != null) {
                LOG.warnf("command %s was not sent: %s", order.get(i), failure.getMessage());
            }
            (failure == null ? sent : notSent).add(order.get(i));
        }
        try {
            store.markSent(sent, HostCommandStatus.SENT);
            store.markSent(notSent, HostCommandStatus.NOT_SENT);
        } catch (RuntimeException e) {
            // the commands are out: rows left PENDING are sent again while valid, which an agent answers once
            LOG.warnf("%d commands were sent but not marked so: %s", order.size(), e.getMessage());
        }
    }

    /**
     * Sends again, as they were signed, the commands the broker refused or never acknowledged (the control plane
     * may have stopped in the middle of a send). An agent runs a command id once, so a second copy is harmless.
     */
    void resendUnsent() {
        List<CommandStore.Unsent> unsent = store.unsent(Instant.now().minus(config.sendTimeout()), config.maxHosts());
        if (!unsent.isEmpty()) {
            LOG.infof("sending %d commands again", unsent.size());
            send(unsent);
        }
    }

    /**
     * Sends commands that no row tracks, such as a campaign's, so all or nothing: IllegalStateException unless the
     * broker took every one in time.
     */
    public void sendAll(List<Signed> commands) {
        try {
            topic.ensureExists();
            await(commands.stream().map(command -> emit(command.hostId(), command.bytes())).toList());
        } catch (RuntimeException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private Uni<Void> emit(String hostId, byte[] signed) {
        return emitter.sendMessage(Message.of(signed)
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(hostId).build()));
    }

    private <T> List<T> await(List<Uni<T>> sends) {
        return sends.isEmpty() ? List.of() : Uni.join().all(sends).andFailFast().await().atMost(config.sendTimeout());
    }
}
