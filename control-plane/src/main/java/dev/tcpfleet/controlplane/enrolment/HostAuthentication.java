package dev.tcpfleet.controlplane.enrolment;

import dev.tcpfleet.controlplane.ControlPlaneConfig;
import dev.tcpfleet.protocol.commands.CommandSignatures;
import dev.tcpfleet.protocol.identity.HostKeys;
import dev.tcpfleet.protocol.identity.HostSeal;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.Transactional;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.apache.kafka.common.record.TimestampType;
import org.jboss.logging.Logger;

/**
 * Decides, for every message on the agents' topics, whether it comes from the accepted host it names, before anything
 * of it is stored and in the same transaction as the store: a revocation committed before the batch is read refuses
 * its messages, and a database outage is retried like any store, never dead-lettered. Per message: the seal's headers,
 * the record key against the body's host id, the MAC under the key agreed with the key presented, the host's
 * enrolment (see {@link Enrolment#onMessage}) and, for snapshots, the collection time against the broker's.
 *
 * <p>A batch's enrolments are read in one statement; the agreed key is cached per host id and public key, so the
 * X25519 agreement is done once per host key and each message costs one HMAC.
 */
@ApplicationScoped
public class HostAuthentication {
    private static final Logger LOG = Logger.getLogger(HostAuthentication.class);
    /** Agreed keys kept; a flood of made-up keys empties the cache instead of growing it without bound. */
    private static final int MAX_CACHED_KEYS = 200_000;

    private final EnrolmentStore store;
    private final TransactionSynchronizationRegistry transactions;
    private final MeterRegistry registry;
    private final Optional<PrivateKey> controlPlaneKey;
    private final Optional<byte[]> enrolSecret;
    private final Duration maxClockSkew;
    private final Duration maxDeliveryDelay;
    private final Map<HostKey, byte[]> agreed = new ConcurrentHashMap<>();
    private final Set<String> producerTimestampsWarned = ConcurrentHashMap.newKeySet();

    HostAuthentication(EnrolmentStore store, TransactionSynchronizationRegistry transactions, MeterRegistry registry,
            ControlPlaneConfig config) {
        this.store = store;
        this.transactions = transactions;
        this.registry = registry;
        this.controlPlaneKey = config.commands().signingKey().filter(key -> !key.isBlank())
                .map(CommandSignatures::privateKey);
        this.enrolSecret = config.identity().enrolSecret().filter(secret -> !secret.isBlank())
                .map(secret -> secret.getBytes(StandardCharsets.UTF_8));
        this.maxClockSkew = config.identity().maxClockSkew();
        this.maxDeliveryDelay = config.identity().maxDeliveryDelay();
        if (controlPlaneKey.isEmpty()) {
            LOG.error("tcpfleet.commands.signing-key is not set: no host's messages can be authenticated, so all are"
                    + " refused (reason 'no key')");
        }
    }

    private record HostKey(String hostId, ByteBuffer publicKey) {
    }

    /**
     * Authenticates {@code messages} (each described by {@code claim}) in the caller's transaction, recording what
     * they change of their hosts' enrolments.
     *
     * @return the messages refused, each with its reason (the same objects, by identity); the others may be stored
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public <T> Map<T, RefusedMessage> refused(List<T> messages, Function<T, Claim> claim) {
        long started = System.nanoTime();
        Map<T, RefusedMessage> refused = new IdentityHashMap<>();
        List<T> sealed = new ArrayList<>(messages.size());
        for (T message : messages) {
            RefusedMessage seal = checkSeal(claim.apply(message));
            if (seal != null) {
                refused.put(message, seal);
            } else {
                sealed.add(message);
            }
        }
        Map<String, Enrolment> enrolments = sealed.isEmpty() ? Map.of()
                : store.forHosts(sealed.stream().map(message -> claim.apply(message).hostId()).toList());
        for (T message : sealed) {
            Claim one = claim.apply(message);
            RefusedMessage refusal = enrol(one, enrolments);
            if (refusal == null) {
                refusal = checkClock(one);
            }
            if (refusal != null) {
                refused.put(message, refusal);
            }
        }
        if (!messages.isEmpty()) {
            String topic = claim.apply(messages.get(0)).envelope().topic();
            Duration each = Duration.ofNanos((System.nanoTime() - started) / messages.size());
            Timer timer = Timer.builder("tcpfleet.messages.authentication").tag("topic", topic)
                    .description("time to authenticate one message (its share of its batch's)").register(registry);
            messages.forEach(message -> timer.record(each));
            countOnCommit(topic, refused.values());
        }
        return refused;
    }

    /** The checks that need no database: headers, record key, MAC. */
    private RefusedMessage checkSeal(Claim claim) {
        Envelope envelope = claim.envelope();
        if (controlPlaneKey.isEmpty()) {
            return new RefusedMessage(Refusal.NO_KEY, "this control plane has no tcpfleet.commands.signing-key to"
                    + " agree host keys with");
        }
        if (envelope.hostKey() == null || envelope.hostKey().length != HostKeys.KEY_BYTES || envelope.mac() == null
                || envelope.mac().length != 32) {
            return new RefusedMessage(Refusal.UNSEALED, "no 32-byte " + HostSeal.PUBLIC_KEY_HEADER + " and "
                    + HostSeal.MAC_HEADER + " headers");
        }
        if (!claim.hostId().equals(envelope.key())) {
            return new RefusedMessage(Refusal.HOST_ID, "the record's key is not the host id its body names");
        }
        byte[] key;
        try {
            key = agreedKey(claim.hostId(), envelope.hostKey());
        } catch (IllegalArgumentException e) {
            return new RefusedMessage(Refusal.BAD_MAC, "the host key presented is not a usable X25519 key");
        }
        if (!HostSeal.verify(key, envelope.value(), envelope.mac())) {
            return new RefusedMessage(Refusal.BAD_MAC, "the MAC does not match the message under key "
                    + Enrolment.fingerprint(envelope.hostKey()));
        }
        return null;
    }

    private byte[] agreedKey(String hostId, byte[] publicKey) {
        HostKey id = new HostKey(hostId, ByteBuffer.wrap(publicKey.clone()));
        byte[] key = agreed.get(id);
        if (key == null) {
            key = HostKeys.agreedByControlPlane(controlPlaneKey.orElseThrow(), publicKey, hostId);
            if (agreed.size() >= MAX_CACHED_KEYS) {
                agreed.clear();
            }
            agreed.put(id, key);
        }
        return key;
    }

    private RefusedMessage enrol(Claim claim, Map<String, Enrolment> enrolments) {
        byte[] key = claim.envelope().hostKey();
        boolean proof = enrolSecret.isPresent() && HostSeal.verifyEnrolProof(enrolSecret.get(), claim.hostId(), key,
                claim.envelope().enrolProof());
        Enrolment current = enrolments.get(claim.hostId());
        Enrolment.Verdict verdict = Enrolment.onMessage(claim.hostId(), current, key, proof);
        if (verdict.change() != null) {
            store.write(verdict.change(), verdict.after(), claim.hostname(), claim.labels());
        }
        enrolments.put(claim.hostId(), verdict.after());
        if (verdict.refusal() == null) {
            return null;
        }
        String fingerprint = Enrolment.fingerprint(key);
        return new RefusedMessage(verdict.refusal(), switch (verdict.refusal()) {
            case KEY_MISMATCH -> "host '" + claim.hostId() + "' is enrolled with key "
                    + Enrolment.fingerprint(current.publicKey()) + ", this message is sealed by " + fingerprint
                    + ", kept as a pending re-enrolment for an admin to accept or reject";
            case PENDING -> "host '" + claim.hostId() + "' with key " + fingerprint + " awaits an admin's acceptance";
            default -> "host '" + claim.hostId() + "' is " + verdict.refusal().word();
        });
    }

    /**
     * A snapshot's collection time must lie near the broker's timestamp of its record: not more than the allowed skew
     * ahead (a future date would pin the host's latest state), nor more than the delivery delay behind (a replay).
     */
    private RefusedMessage checkClock(Claim claim) {
        Instant collected = claim.collectedAt();
        Envelope envelope = claim.envelope();
        if (collected == null || envelope.timestamp() == null) {
            return null;
        }
        if (envelope.timestampType() != TimestampType.LOG_APPEND_TIME
                && producerTimestampsWarned.add(envelope.topic())) {
            LOG.warnf("%s's records carry their producers' timestamps (%s): snapshots are checked against the hosts'"
                    + " own clocks. Set message.timestamp.type=LogAppendTime on the topic (or"
                    + " log.message.timestamp.type on the brokers)", envelope.topic(), envelope.timestampType());
        }
        Instant broker = envelope.timestamp();
        if (collected.isAfter(broker.plus(maxClockSkew)) || collected.isBefore(broker.minus(maxDeliveryDelay))) {
            return new RefusedMessage(Refusal.CLOCK, "collectedAt " + collected + " is not within "
                    + maxDeliveryDelay + " before to " + maxClockSkew + " after the broker's " + broker
                    + " (tcpfleet.identity.max-delivery-delay, max-clock-skew)");
        }
        return null;
    }

    /** Counted once the refusals are committed: a store rolled back and tried again would count them twice. */
    private void countOnCommit(String topic, Iterable<RefusedMessage> refusals) {
        Map<Refusal, Integer> counts = new EnumMap<>(Refusal.class);
        refusals.forEach(refusal -> counts.merge(refusal.refusal(), 1, Integer::sum));
        if (counts.isEmpty()) {
            return;
        }
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                if (status == Status.STATUS_COMMITTED) {
                    counts.forEach((reason, count) -> Counter.builder("tcpfleet.messages.refused")
                            .description("agents' messages refused by host authentication")
                            .tag("topic", topic).tag("reason", reason.word()).register(registry).increment(count));
                }
            }
        });
    }
}
