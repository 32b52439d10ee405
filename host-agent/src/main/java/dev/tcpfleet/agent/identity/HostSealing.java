package dev.tcpfleet.agent.identity;

import dev.tcpfleet.agent.AgentConfig;
import dev.tcpfleet.protocol.HostIdentity;
import dev.tcpfleet.protocol.commands.CommandSignatures;
import dev.tcpfleet.protocol.identity.HostKeys;
import dev.tcpfleet.protocol.identity.HostSeal;
import dev.tcpfleet.protocol.identity.HostSealer;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.reactive.messaging.kafka.Record;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.jboss.logging.Logger;

/**
 * Every record this agent publishes goes out through here, with the headers that prove which host sent it
 * ({@link HostSeal}): its public key, an HMAC of the value under the key it agrees with the control plane, and the
 * enrol proof when it holds the fleet's enrol secret. The key pair is made at the first start ({@link HostKeyFile}).
 */
@Singleton
public class HostSealing {
    private static final Logger LOG = Logger.getLogger(HostSealing.class);

    private final String hostId;
    private final HostKeys.Pair keys;
    private final Optional<HostSealer> sealer;
    private final boolean enrols;

    HostSealing(AgentConfig config, HostIdentity identity) {
        this.hostId = identity.hostId();
        try {
            this.keys = HostKeyFile.loadOrCreate(config.stateDir());
            Optional<String> enrolSecret = EnrolSecret.read(config.enrolSecret(), config.enrolSecretFile());
            this.enrols = enrolSecret.isPresent();
            this.sealer = config.commandPublicKey().map(key -> new HostSealer(hostId, keys,
                    CommandSignatures.publicKey(key), enrolSecret));
        } catch (IllegalStateException | UncheckedIOException e) {
            throw StartupError.of(e);
        } catch (IllegalArgumentException e) {
            throw StartupError.of(new IllegalArgumentException("tcpfleet.agent.command-public-key is " + e.getMessage()));
        }
    }

    /** Says at start what an admin compares with {@code tcpfleet hosts pending}, and whether messages are sealed. */
    void start(@Observes StartupEvent event) {
        LOG.infof("host %s, host key fingerprint %s", hostId, HostKeys.fingerprint(keys.publicKey()));
        if (sealer.isEmpty()) {
            LOG.warn("no tcpfleet.agent.command-public-key: this agent cannot seal what it publishes, and a control"
                    + " plane that checks host identity refuses its snapshots and results");
        } else if (!enrols) {
            LOG.infof("no enrol secret: this host is pending until an admin accepts it (tcpfleet hosts accept %s)",
                    hostId);
        }
    }

    /**
     * Sends {@code value} keyed {@code key} on {@code emitter}, sealed.
     *
     * @return completed once the broker acknowledged it, failed if it did not
     */
    public CompletableFuture<Void> send(Emitter<Record<String, byte[]>> emitter, String key, byte[] value) {
        RecordHeaders headers = new RecordHeaders();
        sealer.ifPresent(seal -> seal.headers(value).forEach(header -> headers.add(header.name(), header.value())));
        CompletableFuture<Void> acknowledged = new CompletableFuture<>();
        emitter.send(Message.of(Record.of(key, value),
                Metadata.of(OutgoingKafkaRecordMetadata.<String>builder().withHeaders(headers).build()),
                () -> {
                    acknowledged.complete(null);
                    return CompletableFuture.completedFuture(null);
                },
                error -> {
                    acknowledged.completeExceptionally(error);
                    return CompletableFuture.completedFuture(null);
                }));
        return acknowledged;
    }
}
