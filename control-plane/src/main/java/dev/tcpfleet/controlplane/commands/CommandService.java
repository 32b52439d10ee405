package dev.tcpfleet.controlplane.commands;

import dev.tcpfleet.controlplane.errors.Refused;
import dev.tcpfleet.controlplane.ControlPlaneConfig;
import dev.tcpfleet.controlplane.api.Ids;
import dev.tcpfleet.controlplane.hosts.HostRegistry;
import dev.tcpfleet.controlplane.hosts.HostSelector;
import dev.tcpfleet.controlplane.hosts.SelectorRequest;
import dev.tcpfleet.controlplane.profiles.ProfileService;
import dev.tcpfleet.controlplane.profiles.ProfileView;
import dev.tcpfleet.domain.profiles.ProfileValidator;
import dev.tcpfleet.domain.profiles.Violation;
import dev.tcpfleet.protocol.ProtocolJson;
import dev.tcpfleet.protocol.Topics;
import dev.tcpfleet.protocol.commands.CommandSignatures;
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
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
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
        PrivateKey key = signingKey();
        if (request == null) {
            throw Refused.invalid(null, "a JSON body {\"action\": \"apply\", \"hosts\": [...],"
                    + " \"profile\": ...} is required");
        }
        Action action = action(request.action());
        return issue(UUID.randomUUID().toString(), action, request, hostIds(request), key);
    }

    /**
     * Issues {@code request} under {@code id} to hosts a caller has already chosen, such as a rollout's wave: the
     * caller stores the id first, so after a restart it can tell by {@link #exists} whether it was issued.
     */
    public CommandView issueTo(String id, CommandRequest request, List<String> hostIds) {
        return issue(id, action(request.action()), request, hostIds, signingKey());
    }

    public boolean exists(String id) {
        return store.find(id).isPresent();
    }

    private PrivateKey signingKey() {
        return signingKey.orElseThrow(() -> Refused.unavailable("commands_disabled",
                "commands cannot be signed: set tcpfleet.commands.signing-key (environment variable"
                        + " TCPFLEET_COMMANDS_SIGNING_KEY) to a base64 PKCS#8 Ed25519 private key whose public half"
                        + " the agents hold"));
    }

    private CommandView issue(String id, Action action, CommandRequest request, List<String> hostIds, PrivateKey key) {
        ProfileView profile = action == Action.APPLY ? profile(request) : null;
        Map<String, String> targets = switch (action) {
            case APPLY -> Map.of();
            case ROLLBACK -> rollbackTargets(request, hostIds);
            case CONFIRM -> confirmTargets(request, hostIds);
        };
        long confirmWithin = action == Action.APPLY ? confirmWindow(request) : 0;

        Instant issuedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        Instant expiresAt = issuedAt.plus(config.ttl());
        Map<String, String> hostCommandIds = new LinkedHashMap<>();
        Map<String, byte[]> signed = new LinkedHashMap<>();
        List<CommandStore.Unsent> outgoing = new ArrayList<>();
        // Not "<id>.<host>": the agent caps ids at 128 characters, and a host id alone may be that long.
        IntFunction<String> hostCommandId = i -> id + "-" + i;
        // one Ed25519 signature per host (~70 us here): thousands of hosts are signed for on every core
        List<byte[]> messages = IntStream.range(0, hostIds.size()).parallel().mapToObj(i -> ProtocolJson.write(
                CommandSignatures.sign(new TuningCommand(TuningCommand.SCHEMA_VERSION, hostCommandId.apply(i),
                        hostIds.get(i), action, profile == null ? null : profile.name(),
                        profile == null ? 0 : profile.version(), profile == null ? Map.of() : profile.settings(),
                        request.dryRun(), confirmWithin, targets.get(hostIds.get(i)), issuedAt, expiresAt), key)))
                .toList();
        for (int i = 0; i < hostIds.size(); i++) {
            hostCommandIds.put(hostIds.get(i), hostCommandId.apply(i));
            signed.put(hostCommandId.apply(i), messages.get(i));
            outgoing.add(new CommandStore.Unsent(hostIds.get(i), hostCommandId.apply(i), messages.get(i)));
        }
        CommandStore.StoredCommand command = new CommandStore.StoredCommand(id, action.name().toLowerCase(Locale.ROOT),
                profile == null ? null : profile.name(), profile == null ? null : profile.version(), request.dryRun(),
                request.rollbackOf(), confirmWithin == 0 ? null : (int) confirmWithin, request.confirmOf(), issuedAt,
                expiresAt, hostCommandIds);
        // Stored before sending, so a result can never arrive for a command the database does not know.
        store.insert(command, signed);
        try {
            send(outgoing);
        } catch (IllegalStateException e) {
            throw Refused.unavailable("kafka_unavailable", "the commands were stored but not sent: "
                    + e.getMessage() + "; they are sent again while they are valid");
        }
        return view(command);
    }

    /**
     * Sends again, as they were signed, the commands the broker refused or never acknowledged (the control plane
     * may have stopped in the middle of a send). An agent runs a command id once, so a second copy is harmless.
     */
    public void resendUnsent() {
        List<CommandStore.Unsent> unsent = store.unsent(Instant.now().minus(config.sendTimeout()), config.maxHosts());
        if (!unsent.isEmpty()) {
            LOG.infof("sending %d commands again", unsent.size());
            send(unsent);
        }
    }

    public CommandView get(String id) {
        if (!Ids.isUuid(id)) {
            throw Refused.notFound("command", String.valueOf(id));
        }
        return store.find(id).map(this::view).orElseThrow(() -> Refused.notFound("command", id));
    }

    public List<CommandView> newest(int limit) {
        return store.newestIds(limit).stream().flatMap(id -> store.find(id).stream()).map(this::view).toList();
    }

    /** Sends each command keyed by its host id; throws IllegalStateException if the topic cannot be had. */
    private void send(List<CommandStore.Unsent> commands) {
        try {
            topic.ensureExists();
        } catch (RuntimeException e) {
            store.markSent(commands.stream().map(CommandStore.Unsent::hostCommandId).toList(),
                    HostCommandStatus.NOT_SENT);
            throw new IllegalStateException(e.getMessage(), e);
        }
        // Each send ends in its failure or null; the rows are updated here, on the caller's thread, as the
        // broker's acknowledgements arrive on Kafka's I/O thread, where no transaction can run.
        List<String> order = commands.stream().map(CommandStore.Unsent::hostCommandId).toList();
        List<Uni<Throwable>> sends = new ArrayList<>();
        for (CommandStore.Unsent command : commands) {
            Message<byte[]> message = Message.of(command.signed())
                    .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(command.hostId()).build());
            sends.add(emitter.sendMessage(message).onItemOrFailure().transform((ok, failure) -> failure));
        }
        Duration timeout = config.sendTimeout();
        List<Throwable> failures;
        try {
            failures = Uni.join().all(sends).andFailFast().await().atMost(timeout);
        } catch (RuntimeException e) {
            // Rows still PENDING say so; the broker may yet take them.
            LOG.warnf("the broker did not acknowledge the commands within %s: %s", timeout, e.getMessage());
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

    private CommandView view(CommandStore.StoredCommand command) {
        Instant now = Instant.now();
        List<CommandView.HostView> hostViews = store.hosts(command.id()).stream().map(row -> {
            String status = row.status() == HostCommandStatus.SENT && !now.isBefore(command.expiresAt())
                    ? "EXPIRED" : row.status().name();
            var result = row.result();
            return result == null
                    ? new CommandView.HostView(row.hostId(), row.hostCommandId(), status, null, null, List.of(),
                            List.of(), List.of(), null, null)
                    : new CommandView.HostView(row.hostId(), row.hostCommandId(), status, result.outcome().name(),
                            result.failedKey(), result.reasons(), result.warnings(), result.changes(),
                            result.finishedAt(), result.confirmBy());
        }).toList();
        return new CommandView(command.id(), command.action(), command.profile(), command.profileVersion(),
                command.dryRun(), command.rollbackOf(), command.confirmWithinSeconds(), command.confirmOf(),
                command.createdAt(), command.expiresAt(), hostViews);
    }

    private static Action action(String action) {
        if (action != null) {
            switch (action) {
                case "apply":
                    return Action.APPLY;
                case "rollback":
                    return Action.ROLLBACK;
                case "confirm":
                    return Action.CONFIRM;
                default:
                    break;
            }
        }
        throw Refused.invalid("action", "action is \"apply\", \"rollback\" or \"confirm\"");
    }

    /** The hosts a request is for: its id list or its selector, without stale hosts unless asked, bounded. */
    private List<String> hostIds(CommandRequest request) {
        int max = config.maxHosts();
        List<String> listed = request.hosts();
        if (listed != null && request.selector() != null) {
            throw Refused.invalid("selector", "give hosts or selector, not both");
        }
        if (listed == null && request.selector() == null) {
            throw Refused.invalid("hosts", "hosts (a list of 1 to " + max + " host ids) or selector"
                    + " ({\"labels\": \"env=prod\"}, {\"all\": true} ...) is required");
        }
        if (listed != null && listed.size() > max) {
            throw Refused.invalid("hosts", "one command may address at most " + max + " hosts (got "
                    + listed.size() + "); split it, or raise tcpfleet.commands.max-hosts");
        }
        SelectorRequest selector = listed != null ? new SelectorRequest(listed, null, null, false) : request.selector();
        HostSelector.Selection selection = hosts.select(listed != null ? null : "selector", selector, hosts.all());
        if (!selection.unknown().isEmpty()) {
            String unknown = selection.unknown().get(0);
            throw Refused.invalid(listed != null ? "hosts[" + listed.indexOf(unknown) + "]" : "selector",
                    "host '" + unknown + "' is not registered: it has never sent a snapshot");
        }
        if (listed != null && !selection.stale().isEmpty()) {
            String stale = selection.stale().get(0);
            throw Refused.invalid("hosts[" + listed.indexOf(stale) + "]", "host '" + stale + "' is stale:"
                    + " it has not reported lately, so its state is unknown; to send to it anyway, use"
                    + " {\"selector\": {\"hosts\": [...], \"includeStale\": true}}");
        }
        if (selection.selected().isEmpty()) {
            throw Refused.invalid("selector", "the selector matches no hosts that report"
                    + (selection.stale().isEmpty() ? "" : " (" + selection.stale().size() + " stale hosts left out)"));
        }
        if (selection.selected().size() > max) {
            throw Refused.invalid("selector", "the selector matches " + selection.selected().size()
                    + " hosts; one command may address at most " + max + ": narrow it, or use a rollout");
        }
        return selection.selected();
    }

    /** The profile to apply, checked again against today's rules: it may have been stored under older ones. */
    private ProfileView profile(CommandRequest request) {
        if (request.profile() == null || request.profile().isBlank()) {
            throw Refused.invalid("profile", "profile is required to apply: the name of a profile");
        }
        if (request.rollbackOf() != null) {
            throw Refused.invalid("rollbackOf", "rollbackOf goes with action \"rollback\" only");
        }
        if (request.confirmOf() != null) {
            throw Refused.invalid("confirmOf", "confirmOf goes with action \"confirm\" only");
        }
        if (request.version() != null && request.version() < 1) {
            throw Refused.invalid("version", "version is 1 or more; leave it out for the newest");
        }
        return applicableProfile(request.profile(), request.version());
    }

    /**
     * As {@link #applicableProfile}, for a request that names a profile to act on later (a rollout, an automation
     * rule): one that does not exist is the request's fault, so a 400 naming {@code profile} or {@code version}.
     */
    public ProfileView requestedProfile(String name, Integer version) {
        try {
            return applicableProfile(name, version);
        } catch (Refused.NotFound e) {
            throw Refused.invalid(version == null ? "profile" : "version", e.getMessage());
        }
    }

    /** Profile {@code name} at {@code version} (null for the newest), if it passes today's validation: a 409 if not. */
    public ProfileView applicableProfile(String name, Integer version) {
        ProfileView profile = version == null ? profiles.latest(name) : profiles.version(name, version);
        List<Violation> violations = ProfileValidator.validate(profile.settings(), null);
        if (!violations.isEmpty()) {
            throw Refused.conflict("profile", "profile " + profile.name() + " v" + profile.version()
                    + " no longer passes validation: " + violations.stream()
                            .map(v -> v.key() + ": " + v.reason()).collect(Collectors.joining("; ")));
        }
        return profile;
    }

    /** The confirm window of an apply in seconds, 0 for none; the agent checks the same bounds again. */
    private static long confirmWindow(CommandRequest request) {
        if (request.confirmWithinSeconds() == null) {
            return 0;
        }
        long seconds = request.confirmWithinSeconds();
        String problem = seconds == 0 ? "leave confirmWithinSeconds out for no window"
                : TuningCommand.confirmWindowProblem(seconds);
        if (problem != null) {
            throw Refused.invalid("confirmWithinSeconds", problem);
        }
        if (request.dryRun()) {
            throw Refused.invalid("confirmWithinSeconds", "a dry run changes nothing to confirm");
        }
        return seconds;
    }

    /** For each host, the id of its part in the apply to undo; empty when the host's last apply is meant. */
    private Map<String, String> rollbackTargets(CommandRequest request, List<String> hostIds) {
        rejectApplyFields(request, "rollback", "it restores what the undone apply changed");
        if (request.confirmOf() != null) {
            throw Refused.invalid("confirmOf", "confirmOf goes with action \"confirm\" only");
        }
        if (request.rollbackOf() == null) {
            return Map.of();
        }
        return targets("rollbackOf", request.rollbackOf(), hostIds);
    }

    /** For each host, the id of its part in the apply to keep. */
    private Map<String, String> confirmTargets(CommandRequest request, List<String> hostIds) {
        rejectApplyFields(request, "confirm", "it keeps what the confirmed apply changed");
        if (request.rollbackOf() != null) {
            throw Refused.invalid("rollbackOf", "rollbackOf goes with action \"rollback\" only");
        }
        if (request.confirmOf() == null) {
            throw Refused.invalid("confirmOf", "confirmOf is required: the id of an apply with a confirm"
                    + " window");
        }
        return targets("confirmOf", request.confirmOf(), hostIds);
    }

    private static void rejectApplyFields(CommandRequest request, String action, String why) {
        if (request.profile() != null || request.version() != null) {
            throw Refused.invalid("profile", "a " + action + " names no profile; " + why);
        }
        if (request.dryRun()) {
            throw Refused.invalid("dryRun", "dryRun goes with action \"apply\" only: a " + action
                    + " has no dry run");
        }
        if (request.confirmWithinSeconds() != null) {
            throw Refused.invalid("confirmWithinSeconds", "confirmWithinSeconds goes with action"
                    + " \"apply\" only");
        }
    }

    /** Each host's own command id in the earlier apply {@code applyId}, which {@code field} of the request names. */
    private Map<String, String> targets(String field, String applyId, List<String> hostIds) {
        if (!Ids.isUuid(applyId)) {
            throw Refused.invalid(field, "not a command id: the id of an earlier apply");
        }
        CommandStore.StoredCommand apply = store.find(applyId)
                .orElseThrow(() -> Refused.notFound("command", applyId));
        if (!apply.action().equals("apply")) {
            throw Refused.invalid(field, "command " + apply.id() + " is a " + apply.action()
                    + "; only an apply can be named here");
        }
        if (field.equals("confirmOf") && apply.confirmWithinSeconds() == null) {
            throw Refused.invalid(field, "command " + apply.id() + " has no confirm window: it stays"
                    + " without one");
        }
        Map<String, String> targets = new LinkedHashMap<>();
        for (int i = 0; i < hostIds.size(); i++) {
            String target = apply.hostCommandIds().get(hostIds.get(i));
            if (target == null) {
                throw Refused.invalid("hosts[" + i + "]", "host '" + hostIds.get(i)
                        + "' was not part of command " + apply.id());
            }
            targets.put(hostIds.get(i), target);
        }
        return targets;
    }
}
