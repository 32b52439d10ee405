package dev.tcpfleet.controlplane.hosts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tcpfleet.controlplane.errors.Refused;
import dev.tcpfleet.domain.alerts.HostFigures;
import dev.tcpfleet.domain.metrics.SnapshotMetric;
import java.util.List;
import org.junit.jupiter.api.Test;

class HostQueryTest {

    @Test
    void noParametersAskForTheFirstFiftyHostsByIdOfEveryKind() {
        HostQuery query = HostQuery.of(null, null, null, null, null, null, null);
        assertNull(query.text());
        assertEquals(List.of(), query.labels());
        assertNull(query.stale());
        assertEquals(new HostQuery.Sort("id", null), query.sort());
        assertFalse(query.descending());
        assertEquals(50, query.limit());
        assertEquals(0, query.offset());
    }

    @Test
    void aFigureSortsWorstFirstUnlessAskedAndTheSearchTextIsTrimmed() {
        HostQuery worst = HostQuery.of("  web ", "env=prod,role!=db", "true", "time_wait", null, "0", "100");
        assertEquals("web", worst.text());
        assertEquals(List.of(new HostSelector.LabelTerm("env", "prod", false),
                new HostSelector.LabelTerm("role", "db", true)), worst.labels());
        assertTrue(worst.stale());
        assertEquals(SnapshotMetric.TIME_WAIT, worst.sort().figure());
        assertTrue(worst.descending());
        assertEquals(0, worst.limit());
        assertFalse(HostQuery.of(null, null, "false", "time_wait", "ASC", null, null).descending());
    }

    @Test
    void everyStoredFigureSortsAndTheRefusalNamesThem() {
        for (SnapshotMetric metric : HostFigures.STORED_ORDER) {
            assertEquals(metric, HostQuery.of(null, null, null, metric.apiName(), null, null, null).sort().figure());
        }
        Refused.Invalid refused = assertThrows(Refused.Invalid.class,
                () -> HostQuery.of(null, null, null, "bogus", null, null, null));
        assertTrue(refused.getMessage().contains(String.join(", ",
                HostFigures.STORED_ORDER.stream().map(SnapshotMetric::apiName).toList())), refused.getMessage());
    }

    @Test
    void aBadParameterIsRefusedNamingIt() {
        record Case(String field, String q, String selector, String stale, String sort, String order, String limit,
                String offset) {
        }
        List<Case> cases = List.of(
                new Case("q", "a\u0007b", null, null, null, null, null, null),
                new Case("q", "x".repeat(129), null, null, null, null, null, null),
                new Case("selector", null, "env", null, null, null, null, null),
                new Case("stale", null, null, "yes", null, null, null, null),
                new Case("sort", null, null, null, "labels", null, null, null),
                new Case("order", null, null, null, null, "up", null, null),
                new Case("limit", null, null, null, null, null, "501", null),
                new Case("limit", null, null, null, null, null, "ten", null),
                new Case("offset", null, null, null, null, null, null, "-1"),
                new Case("offset", null, null, null, null, null, null, "1000001"));
        for (Case c : cases) {
            Refused.Invalid refused = assertThrows(Refused.Invalid.class, () -> HostQuery.of(c.q(), c.selector(),
                    c.stale(), c.sort(), c.order(), c.limit(), c.offset()), c.toString());
            assertEquals(c.field(), refused.field(), c.toString());
        }
    }
}
