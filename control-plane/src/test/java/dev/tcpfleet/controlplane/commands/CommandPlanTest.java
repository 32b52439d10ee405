package dev.tcpfleet.controlplane.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tcpfleet.controlplane.errors.Refused;
import dev.tcpfleet.controlplane.hosts.HostSelector;
import dev.tcpfleet.controlplane.hosts.SelectorRequest;
import dev.tcpfleet.protocol.commands.TuningCommand.Action;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CommandPlanTest {
    private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");
    private static final Duration STALE_AFTER = Duration.ofMinutes(2);
    private static final int MAX_HOSTS = 2;
    private static final String APPLY_ID = "6f1c2f4e-3b7a-4d0e-9c53-1f2a3b4c5d6e";
    private static final List<HostSelector.Candidate> FLEET = List.of(
            new HostSelector.Candidate("web-1", Map.of("role", "web"), NOW),
            new HostSelector.Candidate("web-2", Map.of("role", "web"), NOW),
            new HostSelector.Candidate("db-1", Map.of("role", "db"), NOW),
            new HostSelector.Candidate("old-1", Map.of("role", "old"), NOW.minus(Duration.ofHours(1))));
    /** The fleet as the registry would show it; the registry's own refusals are HostRegistry's to test. */
    private static final CommandPlan.Hosts HOSTS = (field, selector) -> selector.selector()
            .select(FLEET, NOW, STALE_AFTER);

    /** An apply of "prod" to web-1, changed by {@code changes} (key, value, ...; a null value removes the key). */
    private static CommandRequest apply(Object... changes) {
        return request(Map.of("action", "apply", "hosts", List.of("web-1"), "profile", "prod"), changes);
    }

    private static CommandRequest rollback(Object... changes) {
        return request(Map.of("action", "rollback", "hosts", List.of("web-1")), changes);
    }

    private static CommandRequest confirm(Object... changes) {
        return request(Map.of("action", "confirm", "hosts", List.of("web-1"), "confirmOf", APPLY_ID), changes);
    }

    /** The request as the API would read it from a JSON body of these members. */
    @SuppressWarnings("unchecked")
    private static CommandRequest request(Map<String, Object> base, Object... changes) {
        Map<String, Object> body = new HashMap<>(base);
        for (int i = 0; i < changes.length; i += 2) {
            body.put((String) changes[i], changes[i + 1]);
        }
        Map<String, Object> selector = (Map<String, Object>) body.get("selector");
        return new CommandRequest((String) body.get("action"), (List<String>) body.get("hosts"),
                selector == null ? null : new SelectorRequest((List<String>) selector.get("hosts"),
                        (String) selector.get("labels"), (Boolean) selector.get("all"),
                        Boolean.TRUE.equals(selector.get("includeStale"))),
                (String) body.get("profile"), (Integer) body.get("version"), Boolean.TRUE.equals(body.get("dryRun")),
                (String) body.get("rollbackOf"), (Integer) body.get("confirmWithinSeconds"),
                (String) body.get("confirmOf"));
    }

    private static CommandPlan plan(CommandRequest request) {
        return CommandPlan.from(request, MAX_HOSTS, HOSTS);
    }

    static Stream<Arguments> refusals() {
        return Stream.of(
                Arguments.of("no body", null, null),
                Arguments.of("no action", apply("action", null), "action"),
                Arguments.of("an unknown action", apply("action", "reboot"), "action"),
                Arguments.of("hosts and a selector", apply("selector", Map.of("all", true)), "selector"),
                Arguments.of("neither hosts nor a selector", apply("hosts", null), "hosts"),
                Arguments.of("more hosts listed than allowed", apply("hosts", List.of("web-1", "web-2", "db-1")),
                        "hosts"),
                Arguments.of("an unregistered host listed", apply("hosts", List.of("web-1", "nope")), "hosts[1]"),
                Arguments.of("an unregistered host in a selector",
                        apply("hosts", null, "selector", Map.of("hosts", List.of("nope"))), "selector"),
                Arguments.of("a stale host listed", apply("hosts", List.of("web-2", "old-1")), "hosts[1]"),
                Arguments.of("a selector matching only stale hosts",
                        apply("hosts", null, "selector", Map.of("labels", "role=old")), "selector"),
                Arguments.of("a selector matching more hosts than allowed",
                        apply("hosts", null, "selector", Map.of("all", true)), "selector"),
                Arguments.of("an apply without a profile", apply("profile", null), "profile"),
                Arguments.of("an apply of a blank profile", apply("profile", " "), "profile"),
                Arguments.of("an apply naming an apply to undo", apply("rollbackOf", APPLY_ID), "rollbackOf"),
                Arguments.of("an apply naming an apply to keep", apply("confirmOf", APPLY_ID), "confirmOf"),
                Arguments.of("an apply of version 0", apply("version", 0), "version"),
                Arguments.of("a confirm window of 0", apply("confirmWithinSeconds", 0), "confirmWithinSeconds"),
                Arguments.of("a confirm window too short", apply("confirmWithinSeconds", 5), "confirmWithinSeconds"),
                Arguments.of("a dry run with a confirm window", apply("confirmWithinSeconds", 60, "dryRun", true),
                        "confirmWithinSeconds"),
                Arguments.of("a rollback naming a profile", rollback("profile", "prod"), "profile"),
                Arguments.of("a rollback naming a version", rollback("version", 2), "profile"),
                Arguments.of("a dry-run rollback", rollback("dryRun", true), "dryRun"),
                Arguments.of("a rollback with a confirm window", rollback("confirmWithinSeconds", 60),
                        "confirmWithinSeconds"),
                Arguments.of("a rollback naming an apply to keep", rollback("confirmOf", APPLY_ID), "confirmOf"),
                Arguments.of("a rollback of no command id", rollback("rollbackOf", "last"), "rollbackOf"),
                Arguments.of("a confirm naming a profile", confirm("profile", "prod"), "profile"),
                Arguments.of("a confirm naming an apply to undo", confirm("rollbackOf", APPLY_ID), "rollbackOf"),
                Arguments.of("a confirm naming no apply", confirm("confirmOf", null), "confirmOf"),
                Arguments.of("a confirm of no command id", confirm("confirmOf", "x'; DROP TABLE commands"),
                        "confirmOf"));
    }

    @ParameterizedTest(name = "{0} is refused, naming {2}")
    @MethodSource("refusals")
    void aRequestWrongInItselfIsRefusedNamingItsField(String name, CommandRequest request, String field) {
        Refused.Invalid refusal = assertThrows(Refused.Invalid.class, () -> plan(request));
        assertEquals(field, refusal.field(), refusal.getMessage());
    }

    @Test
    void anApplyPlansItsProfileVersionAndWindowForTheListedHostsInTheirOrder() {
        assertEquals(new CommandPlan(Action.APPLY, List.of("web-2", "web-1"), "prod", 3, false, 300, null, null),
                plan(apply("hosts", List.of("web-2", "web-1"), "version", 3, "confirmWithinSeconds", 300)));
        assertEquals(new CommandPlan(Action.APPLY, List.of("web-1"), "prod", null, true, 0, null, null),
                plan(apply("dryRun", true)));
    }

    @Test
    void aSelectorLeavesStaleHostsOutUnlessAskedAndAStaleHostIsSentToWhenAsked() {
        assertEquals(List.of("web-1", "web-2"),
                plan(apply("hosts", null, "selector", Map.of("labels", "role=web"))).hostIds());
        assertEquals(List.of("old-1"), plan(apply("hosts", null, "selector",
                Map.of("hosts", List.of("old-1"), "includeStale", true))).hostIds());
    }

    @Test
    void aRollbackUndoesTheNamedApplyOrEachHostsLastAndAConfirmKeepsTheNamedOne() {
        assertEquals(new CommandPlan(Action.ROLLBACK, List.of("web-1"), null, null, false, 0, null, null),
                plan(rollback()));
        assertEquals(CommandPlan.rollback(APPLY_ID, List.of("web-1")), plan(rollback("rollbackOf", APPLY_ID)));
        assertEquals(new CommandPlan(Action.CONFIRM, List.of("web-1"), null, null, false, 0, null, APPLY_ID),
                plan(confirm()));
    }
}
