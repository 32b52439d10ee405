package dev.tcpfleet.controlplane.commands;

import dev.tcpfleet.controlplane.ControlPlaneConfig;
import dev.tcpfleet.controlplane.api.ApiException;
import dev.tcpfleet.controlplane.hosts.HostRegistry;
import dev.tcpfleet.controlplane.profiles.ProfileService;
import dev.tcpfleet.controlplane.profiles.ProfileView;
import dev.tcpfleet.domain.profiles.ProfileValidator;
import dev.tcpfleet.domain.profiles.Violation;
import dev.tcpfleet.protocol.ProtocolJson;
import dev.tcpfleet.protocol.Topics;
import dev.tcpfleet.protocol.commands.CommandSignatures;
import dev.tcpfleet.protocol.commands.SignedCommand;
import dev.tcpfleet.protocol.commands.TuningCommand;
import dev.tcpfleet.protocol.commands.TuningCommand.Action;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

/**
 * Turns an operator's request into one signed command per host, stores them, and sends each keyed by its host id
 * so it lands on the partition that host's agent reads.
 */
@ApplicationScoped
public class CommandService {
    private static final Logger LOG = Logger.getLogger(CommandService.class);

    private final CommandStore store;
    private final CommandTopic topic;
    private final HostRegistry hosts;
    private final ProfileService profiles;
    private final MutinyEmitter<byte[]> emitter;
    private final ControlPlaneConfig.Commands config;
    private final Optional<PrivateKey> signingKey;

    CommandService(CommandStore store, CommandTopic topic, HostRegistry hosts, ProfileService profiles,
            // a request may send max-hosts commands at once; the request, not the emitter, bounds them
            @Channel(Topics.COMMANDS) @OnOverflow(OnOverflow.Strategy.UNBOUNDED_BUFFER) MutinyEmitter<byte[]> emitter,
            ControlPlaneConfig config) {
        this.store = store;
        this.topic = topic;
        this.hosts = hosts;
        this.profiles = profiles;
        this.emitter = emitter;
        this.config = config.commands();
        // A key that is set but unreadable fails here, at injection, rather than on the first command.
        this.signingKey = this.config.signingKey().filter(key -> !key.isBlank()).map(CommandSignatures::privateKey);
    }

    public CommandView issue(CommandRequest request) {
        PrivateKey key = signingKey.orElseThrow(() -> ApiException.unavailable("commands_disabled",
                "commands cannot be signed: set tcpfleet.commands.signing-key (environment variable"
                        + " TCPFLEET_COMMANDS_SIGNING_KEY) to a base64 PKCS#8 Ed25519 private key whose public half"
                        + " the agents hold"));
        if (request == null) {
            throw ApiException.badRequest(null, "a JSON body {\"action\": \"apply\", \"hosts\": [...],"
                    + " \"profile\": ...} is required");
        }
        Action action = action(request.action());
        List<String> hostIds = hostIds(request.hosts());
        ProfileView profile = action == Action.APPLY ? profile(request) : null;
        Map<String, String> rollbackTargets = action == Action.ROLLBACK ? rollbackTargets(request, hostIds) : Map.of();

        String id = UUID.randomUUID().toString();
        Instant issuedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        Instant expiresAt = issuedAt.plus(config.ttl());
        Map<String, String> hostCommandIds = new LinkedHashMap<>();
        Map<String, SignedCommand> signed = new LinkedHashMap<>();
        for (int i = 0; i < hostIds.size(); i++) {
            String hostId = hostIds.get(i);
            // Not "<id>.<host>": the agent caps ids at 128 characters, and a host id alone may be that long.
            String hostCommandId = id + "-" + i;
            hostCommandIds.put(hostId, hostCommandId);
            signed.put(hostCommandId, CommandSignatures.sign(new TuningCommand(TuningCommand.SCHEMA_VERSION,
                    hostCommandId, hostId, action, profile == null ? null : profile.name(),
                    profile == null ? 0 : profile.version(), profile == null ? Map.of() : profile.settings(),
                    request.dryRun(), rollbackTargets.get(hostId), issuedAt, expiresAt), key));
        }
        CommandStore.StoredCommand command = new CommandStore.StoredCommand(id, action.name().toLowerCase(Locale.ROOT),
                profile == null ? null : profile.name(), profile == null ? null : profile.version(), request.dryRun(),
                request.rollbackOf(), issuedAt, expiresAt, hostCommandIds);
        // Stored before sending, so a result can never arrive for a command the database does not know.
        store.insert(command);
        send(hostCommandIds, signed);
        return view(command);
    }

    public CommandView get(String id) {
        if (!isCommandId(id)) {
            throw ApiException.notFound("command", String.valueOf(id));
        }
        return store.find(id).map(this::view).orElseThrow(() -> ApiException.notFound("command", id));
    }

    public List<CommandView> newest(int limit) {
        return store.newestIds(limit).stream().flatMap(id -> store.find(id).stream()).map(this::view).toList();
    }

    private void send(Map<String, String> hostCommandIds, Map<String, SignedCommand> signed) {
        try {
            topic.ensureExists();
        } catch (RuntimeException e) {
            hostCommandIds.values().forEach(id -> store.markSent(id, HostCommandStatus.NOT_SENT));
            throw ApiException.unavailable("kafka_unavailable", "the commands were stored but not sent: "
                    + e.getMessage());
        }
        // Each send ends in its failure or null; the rows are updated here, on the request's thread, as the
        // broker's acknowledgements arrive on Kafka's I/O thread, where no transaction can run.
        List<String> order = new ArrayList<>(hostCommandIds.values());
        List<Uni<Throwable>> sends = new ArrayList<>();
        hostCommandIds.forEach((hostId, hostCommandId) -> {
            Message<byte[]> message = Message.of(ProtocolJson.write(signed.get(hostCommandId)))
                    .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(hostId).build());
            sends.add(emitter.sendMessage(message).onItemOrFailure().transform((ok, failure) -> failure));
        });
        Duration timeout = config.sendTimeout();
        List<Throwable> failures;
        try {
            failures = Uni.join().all(sends).andFailFast().await().atMost(timeout);
        } catch (RuntimeException e) {
            // Rows still PENDING say so; the broker may yet take them.
            LOG.warnf("the broker did not acknowledge the commands within %s: %s", timeout, e.getMessage());
            return;
        }
        for (int i = 0; i < order.size(); i++) {
            Throwable failure = failures.get(i);
            if (failure != null) {
                LOG.warnf("command %s was not sent: %s", order.get(i), failure.getMessage());
            }
            store.markSent(order.get(i), failure == null ? HostCommandStatus.SENT : HostCommandStatus.NOT_SENT);
        }
    }

    private CommandView view(CommandStore.StoredCommand command) {
        Instant now = Instant.now();
        List<CommandView.HostView> hostViews = store.hosts(command.id()).stream().map(row -> {
            String status = row.status() == HostCommandStatus.SENT && !now.isBefore(command.expiresAt())
                    ? "EXPIRED" : row.status().name();
            var result = row.result();
            return result == null
                    ? new CommandView.HostView(row.hostId(), row.hostCommandId(), status, null, null, List.of(),
                            List.of(), List.of(), null)
                    : new CommandView.HostView(row.hostId(), row.hostCommandId(), status, result.outcome().name(),
                            result.failedKey(), result.reasons(), result.warnings(), result.changes(),
                            result.finishedAt());
        }).toList();
        return new CommandView(command.id(), command.action(), command.profile(), command.profileVersion(),
                command.dryRun(), command.rollbackOf(), command.createdAt(), command.expiresAt(), hostViews);
    }

    private static Action action(String action) {
        if (action != null) {
            switch (action) {
                case "apply":
                    return Action.APPLY;
                case "rollback":
                    return Action.ROLLBACK;
                default:
                    break;
            }
        }
        throw ApiException.badRequest("action", "action is \"apply\" or \"rollback\"");
    }

    private List<String> hostIds(List<String> requested) {
        int max = config.maxHosts();
        if (requested == null || requested.isEmpty()) {
            throw ApiException.badRequest("hosts", "hosts is required: a list of 1 to " + max + " host ids");
        }
        if (requested.size() > max) {
            throw ApiException.badRequest("hosts", "one command may address at most " + max + " hosts (got "
                    + requested.size() + "); split it, or raise tcpfleet.commands.max-hosts");
        }
        hosts.requireRegistered("hosts", requested);
        return List.copyOf(requested);
    }

    /** The profile to apply, checked again against today's rules: it may have been stored under older ones. */
    private ProfileView profile(CommandRequest request) {
        if (request.profile() == null || request.profile().isBlank()) {
            throw ApiException.badRequest("profile", "profile is required to apply: the name of a profile");
        }
        if (request.rollbackOf() != null) {
            throw ApiException.badRequest("rollbackOf", "rollbackOf goes with action \"rollback\" only");
        }
        if (request.version() != null && request.version() < 1) {
            throw ApiException.badRequest("version", "version is 1 or more; leave it out for the newest");
        }
        ProfileView profile = request.version() == null ? profiles.latest(request.profile())
                : profiles.version(request.profile(), request.version());
        List<Violation> violations = ProfileValidator.validate(profile.settings(), null);
        if (!violations.isEmpty()) {
            throw ApiException.conflict("profile", "profile " + profile.name() + " v" + profile.version()
                    + " no longer passes validation: " + violations.stream()
                            .map(v -> v.key() + ": " + v.reason()).collect(Collectors.joining("; ")));
        }
        return profile;
    }

    /** For each host, the id of its part in the apply to undo; empty when the host's last apply is meant. */
    private Map<String, String> rollbackTargets(CommandRequest request, List<String> hostIds) {
        if (request.profile() != null || request.version() != null) {
            throw ApiException.badRequest("profile", "a rollback names no profile; it restores what the undone"
                    + " apply changed");
        }
        if (request.dryRun()) {
            throw ApiException.badRequest("dryRun", "dryRun goes with action \"apply\" only: a rollback has no dry run");
        }
        if (request.rollbackOf() == null) {
            return Map.of();
        }
        if (!isCommandId(request.rollbackOf())) {
            throw ApiException.badRequest("rollbackOf", "not a command id: the id of an earlier apply");
        }
        CommandStore.StoredCommand undone = store.find(request.rollbackOf())
                .orElseThrow(() -> ApiException.notFound("command", request.rollbackOf()));
        if (!undone.action().equals("apply")) {
            throw ApiException.badRequest("rollbackOf", "command " + undone.id() + " is a rollback; only an apply"
                    + " can be rolled back");
        }
        Map<String, String> targets = new LinkedHashMap<>();
        for (int i = 0; i < hostIds.size(); i++) {
            String target = undone.hostCommandIds().get(hostIds.get(i));
            if (target == null) {
                throw ApiException.badRequest("hosts[" + i + "]", "host '" + hostIds.get(i)
                        + "' was not part of command " + undone.id());
            }
            targets.put(hostIds.get(i), target);
        }
        return targets;
    }

    private static boolean isCommandId(String id) {
        try {
            return id != null && UUID.fromString(id).toString().equals(id);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
