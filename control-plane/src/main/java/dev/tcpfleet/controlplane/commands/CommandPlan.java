package dev.tcpfleet.controlplane.commands;

import dev.tcpfleet.controlplane.api.Ids;
import dev.tcpfleet.controlplane.errors.Refused;
import dev.tcpfleet.controlplane.hosts.HostSelector;
import dev.tcpfleet.controlplane.hosts.SelectorRequest;
import dev.tcpfleet.protocol.commands.TuningCommand;
import dev.tcpfleet.protocol.commands.TuningCommand.Action;
import java.util.List;

/**
 * What to send, from a request checked on everything it can be checked on by itself, so each refusal it can earn is
 * a plain unit test. What needs the database is the service's: that the profile exists and still passes today's
 * rules, and that the apply a rollback or confirm names exists and covered these hosts.
 *
 * @param hostIds              the hosts, in the request's order (or the selector's)
 * @param profile              for an apply: the profile's name; else null
 * @param version              for an apply: its version, null for the newest
 * @param confirmWithinSeconds for an apply: its confirm window, 0 for none
 * @param rollbackOf           for a rollback: the apply to undo, null for each host's last one
 * @param confirmOf            for a confirm: the apply to keep
 */
public record CommandPlan(Action action, List<String> hostIds, String profile, Integer version, boolean dryRun,
        long confirmWithinSeconds, String rollbackOf, String confirmOf) {

    /** The hosts a selector picks now; a refusal about the selector names {@code field}. */
    @FunctionalInterface
    public interface Hosts {
        HostSelector.Selection select(String field, SelectorRequest selector);
    }

    /** An apply to hosts a caller chose and checked itself, such as a rollout's wave. */
    public static CommandPlan apply(String profile, int version, boolean dryRun, List<String> hostIds) {
        return new CommandPlan(Action.APPLY, hostIds, profile, version, dryRun, 0, null, null);
    }

    /** A rollback of apply {@code applyId} on hosts a caller chose, such as the part of a wave it changed. */
    public static CommandPlan rollback(String applyId, List<String> hostIds) {
        return new CommandPlan(Action.ROLLBACK, hostIds, null, null, false, 0, applyId, null);
    }

    /** The plan for an operator's request, to at most {@code maxHosts} of {@code hosts}; Refused.Invalid if none. */
    public static CommandPlan from(CommandRequest request, int maxHosts, Hosts hosts) {
        if (request == null) {
            throw Refused.invalid(null, "a JSON body {\"action\": \"apply\", \"hosts\": [...],"
                    + " \"profile\": ...} is required");
        }
        Action action = action(request.action());
        List<String> hostIds = hostIds(request, maxHosts, hosts);
        return switch (action) {
            case APPLY -> apply(request, hostIds);
            case ROLLBACK -> rollback(request, hostIds);
            case CONFIRM -> confirm(request, hostIds);
        };
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
    private static List<String> hostIds(CommandRequest request, int max, Hosts hosts) {
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
        HostSelector.Selection selection = listed != null
                ? hosts.select(null, new SelectorRequest(listed, null, null, false))
                : hosts.select("selector", request.selector());
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

    private static CommandPlan apply(CommandRequest request, List<String> hostIds) {
        if (request.profile() == null || request.profile().isBlank()) {
            throw Refused.invalid("profile", "profile is required to apply: the name of a profile");
        }
        refuseOutside("rollbackOf", request.rollbackOf(), "rollback");
        refuseOutside("confirmOf", request.confirmOf(), "confirm");
        if (request.version() != null && request.version() < 1) {
            throw Refused.invalid("version", "version is 1 or more; leave it out for the newest");
        }
        return new CommandPlan(Action.APPLY, hostIds, request.profile(), request.version(), request.dryRun(),
                confirmWindow(request), null, null);
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

    private static CommandPlan rollback(CommandRequest request, List<String> hostIds) {
        refuseApplyFields(request, "rollback", "it restores what the undone apply changed");
        refuseOutside("confirmOf", request.confirmOf(), "confirm");
        if (request.rollbackOf() != null) {
            requireCommandId("rollbackOf", request.rollbackOf());
        }
        return rollback(request.rollbackOf(), hostIds);
    }

    private static CommandPlan confirm(CommandRequest request, List<String> hostIds) {
        refuseApplyFields(request, "confirm", "it keeps what the confirmed apply changed");
        refuseOutside("rollbackOf", request.rollbackOf(), "rollback");
        if (request.confirmOf() == null) {
            throw Refused.invalid("confirmOf", "confirmOf is required: the id of an apply with a confirm"
                    + " window");
        }
        requireCommandId("confirmOf", request.confirmOf());
        return new CommandPlan(Action.CONFIRM, hostIds, null, null, false, 0, null, request.confirmOf());
    }

    private static void refuseApplyFields(CommandRequest request, String action, String why) {
        if (request.profile() != null || request.version() != null) {
            throw Refused.invalid("profile", "a " + action + " names no profile; " + why);
        }
        if (request.dryRun()) {
            throw Refused.invalid("dryRun", "dryRun goes with action \"apply\" only: a " + action
                    + " has no dry run");
        }
        refuseOutside("confirmWithinSeconds", request.confirmWithinSeconds(), "apply");
    }

    private static void refuseOutside(String field, Object value, String action) {
        if (value != null) {
            throw Refused.invalid(field, field + " goes with action \"" + action + "\" only");
        }
    }

    private static void requireCommandId(String field, String applyId) {
        if (!Ids.isUuid(applyId)) {
            throw Refused.invalid(field, "not a command id: the id of an earlier apply");
        }
    }
}
