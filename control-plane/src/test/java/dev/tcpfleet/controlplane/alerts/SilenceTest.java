package dev.tcpfleet.controlplane.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tcpfleet.controlplane.errors.Refused;
import dev.tcpfleet.domain.alerts.AlertRule;
import dev.tcpfleet.domain.alerts.AlertRule.Comparison;
import dev.tcpfleet.domain.alerts.AlertRule.Scope;
import dev.tcpfleet.domain.alerts.AlertRule.Severity;
import dev.tcpfleet.domain.alerts.FleetAggregate;
import dev.tcpfleet.domain.metrics.SnapshotMetric;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SilenceTest {
    private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");
    private static final Map<String, AlertRule> RULES = Map.of(
            "time-wait-high", new AlertRule("time-wait-high", Scope.HOST, SnapshotMetric.TIME_WAIT, null,
                    Comparison.ABOVE, 100, 100, Duration.ZERO, Severity.WARNING),
            "fleet-established", new AlertRule("fleet-established", Scope.FLEET, SnapshotMetric.ESTABLISHED,
                    FleetAggregate.SUM, Comparison.ABOVE, 100, 100, Duration.ZERO, Severity.WARNING));

    private static Silence from(SilenceRequest request) {
        return Silence.from(request, name -> Optional.ofNullable(RULES.get(name)), "web-1"::equals, NOW);
    }

    @Test
    void aSilenceEndsItsMinutesFromNowWithItsReasonStripped() {
        Silence silence = from(new SilenceRequest("time-wait-high", "web-1", 90, "  deploy  ", null));

        assertEquals(new Silence("time-wait-high", "web-1", "deploy", NOW.plus(Duration.ofMinutes(90)), List.of()),
                silence);
    }

    @Test
    void withoutRuleOrHostASilenceCoversEveryRuleOnEveryHost() {
        Silence silence = from(new SilenceRequest(null, null, 1, "maintenance", null));

        assertNull(silence.rule());
        assertNull(silence.hostId());
    }

    @Test
    void theStaleHostRuleIsSilencedThoughNoStoredRuleBearsItsName() {
        assertEquals(StaleHostAlerts.RULE,
                from(new SilenceRequest(StaleHostAlerts.RULE, "web-1", 5, "x", null)).rule());
    }

    @Test
    void aWeekIsTheLongestSilence() {
        assertEquals(NOW.plus(Duration.ofDays(7)),
                from(new SilenceRequest(null, null, (int) Silence.MAX_MINUTES, "x", null)).endsAt());
    }

    @Test
    void aFleetRuleIsSilencedForNoHostInParticular() {
        assertEquals("fleet-established", from(new SilenceRequest("fleet-established", null, 5, "x", null)).rule());
    }

    @Test
    void forcedASilenceForARuleAndHostNotYetKnownIsKeptWithAWarningForEach() {
        Silence silence = from(new SilenceRequest("rule-to-come", "host-to-come", 60, "before the deploy", true));

        assertEquals("rule-to-come", silence.rule());
        assertEquals("host-to-come", silence.hostId());
        assertEquals(List.of("no rule 'rule-to-come' yet: it applies once a rule of that name is put",
                "no host 'host-to-come' yet: it applies once a host of that id reports"), silence.warnings());
    }

    @Test
    void aSilenceForKnownNamesHasNoWarningForcedOrNot() {
        assertEquals(List.of(), from(new SilenceRequest("time-wait-high", "web-1", 5, "x", true)).warnings());
    }

    @Test
    void forceDoesNotExcuseWhatCouldNeverBeAHostOrNeverEnd() {
        assertEquals("hostId", assertThrows(Refused.class,
                () -> from(new SilenceRequest(null, "bad host", 60, "x", true))).field());
        assertEquals("minutes", assertThrows(Refused.class,
                () -> from(new SilenceRequest(null, "host-to-come", 0, "x", true))).field());
    }

    @Test
    void anUnknownHostsRefusalSaysHowToSilenceItAnyway() {
        Refused refusal = assertThrows(Refused.class, () -> from(new SilenceRequest(null, "web-2", 60, "x", null)));

        assertEquals("no host 'web-2'; see GET /api/hosts, or send \"force\": true to silence it before it exists",
                refusal.getMessage());
    }

    static Stream<Arguments> refusals() {
        return Stream.of(
                Arguments.of("an unknown rule", new SilenceRequest("no-such-rule", null, 60, "x", null), "rule"),
                Arguments.of("a host that does not exist", new SilenceRequest(null, "web-2", 60, "x", null), "hostId"),
                Arguments.of("a host that does not exist, force false",
                        new SilenceRequest("time-wait-high", "web-2", 60, "x", false), "hostId"),
                Arguments.of("a host id that is none", new SilenceRequest(null, "bad host", 60, "x", null), "hostId"),
                Arguments.of("a host on a fleet rule", new SilenceRequest("fleet-established", "web-1", 60, "x", null),
                        "hostId"),
                Arguments.of("no minutes", new SilenceRequest(null, null, null, "x", null), "minutes"),
                Arguments.of("zero minutes", new SilenceRequest(null, null, 0, "x", null), "minutes"),
                Arguments.of("more than a week",
                        new SilenceRequest(null, null, (int) Silence.MAX_MINUTES + 1, "x", null),
                        "minutes"),
                Arguments.of("no reason", new SilenceRequest(null, null, 60, null, null), "reason"),
                Arguments.of("a blank reason", new SilenceRequest(null, null, 60, "  ", null), "reason"),
                Arguments.of("a reason too long", new SilenceRequest(null, null, 60,
                        "x".repeat(Silence.MAX_REASON + 1), null), "reason"),
                Arguments.of("a NUL in the reason", new SilenceRequest(null, null, 60, "a\0b", null), "reason"),
                // the first field at fault is named, in the order the request is read
                Arguments.of("an unknown rule and no reason", new SilenceRequest("nope", null, 0, null, null), "rule"));
    }

    @ParameterizedTest(name = "{0} is refused, naming {2}")
    @MethodSource("refusals")
    void aSilenceThatCouldNeverApplyOrNeverEndIsRefusedNamingTheField(String what, SilenceRequest request,
            String field) {
        Refused refusal = assertThrows(Refused.class, () -> from(request));

        assertEquals("invalid_request", refusal.error());
        assertEquals(field, refusal.field(), refusal.getMessage());
    }
}
