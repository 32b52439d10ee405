package dev.tcpfleet.controlplane.commands;

import dev.tcpfleet.controlplane.errors.Refused;
import dev.tcpfleet.controlplane.ControlPlaneConfig;
import dev.tcpfleet.controlplane.api.Ids;
import dev.tcpfleet.controlplane.auth.Actor;
import dev.tcpfleet.controlplane.hosts.HostRegistry;
import dev.tcpfleet.controlplane.profiles.ProfileService;
import dev.tcpfleet.controlplane.profiles.ProfileView;
import dev.tcpfleet.protocol.commands.TuningCommand;
import dev.tcpfleet.protocol.commands.TuningCommand.Action;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

/**
 * Turns a plan into one signed command per host: looks up what the plan names (the profile, the apply to undo or
 * keep), stores the commands, then has them sent.
 */
@ApplicationScoped
public class CommandService {
    private final CommandStore store;
    private final CommandSender sender;
    private final HostRegistry hosts;
    private final ProfileService profiles;
    private final ControlPlaneConfig.Commands config;

    CommandService(CommandStore store, CommandSender sender, HostRegistry hosts, ProfileService profiles,
            ControlPlaneConfig config) {
        this.store = store;
        this.sender = sender;
        this.hosts = hosts;
        this.profiles = profiles;
        this.config = config.commands();
    }

    /** Issues an operator's request, made by {@code actor}. */
    public CommandView issue(CommandRequest request, Actor actor) {
        sender.requireSigningKey();
        CommandPlan plan = CommandPlan.from(request, config.maxHosts(),
                (field, selector) -> hosts.select(field, selector, hosts.all()));
        return issued(UUID.randomUUID().toString(), plan, actor, null);
    }

    /**
     * Issues {@code plan} under {@code id} as a wave of rollout {@code rolloutId}, whose hosts the rollout chose: it
     * stores the id first, so after a restart it can tell by {@link #exists} whether it was issued.
     *
     * @param actor who made the change: the rollout's starter for an apply, whoever ordered its rollback for a
     *              rollback; null for a rollout from before attribution whose maker is unknown
     */
    public CommandView issue(String id, CommandPlan plan, Actor actor, String rolloutId) {
        sender.requireSigningKey();
        return issued(id, plan, actor, rolloutId);
    }

    private CommandView issued(String id, CommandPlan plan, Actor actor, String rolloutId) {
        ProfileView profile = plan.action() == Action.APPLY
                ? profiles.applicableProfile(plan.profile(), plan.version()) : null;
        Map<String, String> targets = switch (plan.action()) {
            case APPLY -> Map.of();
            case ROLLBACK -> plan.rollbackOf() == null ? Map.of() : targets("rollbackOf", plan.rollbackOf(), plan);
            case CONFIRM -> targets("confirmOf", plan.confirmOf(), plan);
        };
        Instant issuedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        Instant expiresAt = issuedAt.plus(config.ttl());
        List<String> hostIds = plan.hostIds();
        // one Ed25519 signature per host (~70 us here): thousands of hosts are signed for on every core
        List<CommandStore.Unsent> outgoing = IntStream.range(0, hostIds.size()).parallel().mapToObj(i -> {
            // Not "<id>.<host>": the agent caps ids at 128 characters, and a host id alone may be that long.
            String hostCommandId = id + "-" + i;
            TuningCommand command = new TuningCommand(TuningCommand.SCHEMA_VERSION, hostCommandId, hostIds.get(i),
                    plan.action(), profile == null ? null : profile.name(), profile == null ? 0 : profile.version(),
                    profile == null ? Map.of() : profile.settings(), plan.dryRun(), plan.confirmWithinSeconds(),
                    targets.get(hostIds.get(i)), issuedAt, expiresAt);
            return new CommandStore.Unsent(hostIds.get(i), hostCommandId, sender.sign(command).bytes());
        }).toList();
        Map<String, String> hostCommandIds = new LinkedHashMap<>();
        Map<String, byte[]> signed = new LinkedHashMap<>();
        outgoing.forEach(command -> {
            hostCommandIds.put(command.hostId(), command.hostCommandId());
            signed.put(command.hostCommandId(), command.signed());
        });
        CommandStore.StoredCommand command = new CommandStore.StoredCommand(id,
                plan.action().name().toLowerCase(Locale.ROOT), profile == null ? null : profile.name(),
                profile == null ? null : profile.version(), plan.dryRun(), plan.rollbackOf(),
                plan.confirmWithinSeconds() == 0 ? null : (int) plan.confirmWithinSeconds(), plan.confirmOf(),
                issuedAt, expiresAt, hostCommandIds, actor == null ? null : actor.name(), rolloutId,
                actor == null ? null : actor.actionId());
        // Stored before sending, so a result can never arrive for a command the database does not know.
        store.insert(command, signed);
        try {
            sender.send(outgoing);
        } catch (IllegalStateException e) {
            throw Refused.unavailable("kafka_unavailable", "the commands were stored but not sent: "
                    + e.getMessage() + "; they are sent again while they are valid");
        }
        return view(command);
    }

    public boolean exists(String id) {
        return store.find(id).isPresent();
    }

    public CommandView get(String id) {
        if (!Ids.isUuid(id)) {
            throw Refused.notFound("command", String.valueOf(id));
        }
        return store.find(id).map(this::view).orElseThrow(() -> Refused.notFound("command", id));
    }

    /** {@link CommandStore#hostsChangedBetween}: the hosts a baseline leaves out. */
    public List<String> hostsChangedBetween(Collection<String> hostIds, Instant from, Instant to) {
        return store.hostsChangedBetween(hostIds, from, to);
    }

    public List<CommandView> newest(int limit) {
        return store.newestIds(limit).stream().flatMap(id -> store.find(id).stream()).map(this::view).toList();
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
                command.createdAt(), command.expiresAt(), command.actor(), command.rolloutId(), command.actionId(),
                hostViews);
    }

    /**
     * Each host's own command id in the earlier apply {@code applyId}, which {@code field} of the request names; the
     * plan checked that it is a command id.
     */
    private Map<String, String> targets(String field, String applyId, CommandPlan plan) {
        CommandStore.StoredCommand apply = store.find(applyId)
                .orElseThrow(() -> Refused.notFound("command", applyId));
        if (!apply.action().equals("apply")) {
            throw Refused.invalid(field, "command " + apply.id() + " is a " + apply.action()
                    + "; only an apply can be named here");
        }
        if (plan.action() == Action.CONFIRM && apply.confirmWithinSeconds() == null) {
            throw Refused.invalid(field, "command " + apply.id() + " has no confirm window: it stays"
                    + " without one");
        }
        Map<String, String> targets = new LinkedHashMap<>();
        for (int i = 0; i < plan.hostIds().size(); i++) {
            String hostId = plan.hostIds().get(i);
            String target = apply.hostCommandIds().get(hostId);
            if (target == null) {
                throw Refused.invalid("hosts[" + i + "]", "host '" + hostId + "' was not part of command "
                        + apply.id());
            }
            targets.put(hostId, target);
        }
        return targets;
    }
}
