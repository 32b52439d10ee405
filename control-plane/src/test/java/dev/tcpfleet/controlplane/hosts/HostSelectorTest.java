package dev.tcpfleet.controlplane.hosts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HostSelectorTest {
    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
    private static final Duration STALE_AFTER = Duration.ofMinutes(2);
    private static final List<HostSelector.Candidate> FLEET = List.of(
            host("api-2", Map.of("env", "prod", "role", "api"), NOW),
            host("api-1", Map.of("env", "prod", "role", "api"), NOW.minusSeconds(30)),
            host("db-1", Map.of("env", "prod", "role", "db"), NOW),
            host("api-old", Map.of("env", "prod", "role", "api"), NOW.minus(Duration.ofHours(1))),
            host("dev-1", Map.of("env", "dev"), NOW));

    private static HostSelector.Candidate host(String id, Map<String, String> labels, Instant lastSeen) {
        return new HostSelector.Candidate(id, labels, lastSeen);
    }

    private static HostSelector.Selection select(List<String> hosts, String labels, Boolean all, boolean stale) {
        return HostSelector.of(hosts, labels, all, stale).select(FLEET, NOW, STALE_AFTER);
    }

    @Test
    void labelTermsMustAllHoldAndStaleHostsAreLeftOutButNamed() {
        assertEquals(new HostSelector.Selection(List.of("api-1", "api-2"), List.of("api-old"), List.of()),
                select(null, "env=prod,role=api", null, false));
        assertEquals(List.of("api-1", "api-2", "api-old"), select(null, "env=prod, role=api", null, true).selected());
        assertEquals(List.of("api-1", "api-2", "db-1"), select(null, "env=prod", null, false).selected());
        assertEquals(List.of("api-1", "api-2"), select(null, "env=prod,role!=db", null, false).selected());
        assertEquals(List.of(), select(null, "env=staging", null, false).selected());
    }

    @Test
    void allIsEveryHostThatReportsAndIdsKeepTheirOrder() {
        assertEquals(List.of("api-1", "api-2", "db-1", "dev-1"), select(null, null, true, false).selected());
        assertEquals(new HostSelector.Selection(List.of("db-1", "api-2"), List.of("api-old"), List.of("nope")),
                select(List.of("db-1", "nope", "api-old", "api-2"), null, null, false));
    }

    @Test
    void aMalformedSelectorNamesItsField() {
        record Bad(List<String> hosts, String labels, Boolean all, String field) {
        }
        List<Bad> cases = List.of(
                new Bad(null, null, null, "selector"),
                new Bad(null, null, false, "selector"),
                new Bad(List.of("a"), "env=prod", null, "selector"),
                new Bad(null, "env=prod", true, "selector"),
                new Bad(List.of(), null, null, "hosts"),
                new Bad(List.of("ok", "bad host"), null, null, "hosts[1]"),
                new Bad(List.of("ok", "ok"), null, null, "hosts[1]"),
                new Bad(Arrays.asList("ok", null), null, null, "hosts[1]"),
                new Bad(null, "", null, "labels"),
                new Bad(null, "env", null, "labels"),
                new Bad(null, "=prod", null, "labels"),
                new Bad(null, "env=prod,", null, "labels"),
                new Bad(null, "env=prod;role=api", null, "labels"),
                new Bad(null, "env==prod", null, "labels"),
                new Bad(null, "env=pr od", null, "labels"));
        for (Bad bad : cases) {
            HostSelector.InvalidSelectorException e = assertThrows(HostSelector.InvalidSelectorException.class,
                    () -> HostSelector.of(bad.hosts(), bad.labels(), bad.all(), false), bad.toString());
            assertEquals(bad.field(), e.field(), bad.toString());
        }
    }
}
