package dev.tcpfleet.controlplane.campaigns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tcpfleet.controlplane.hosts.HostRegistry;
import dev.tcpfleet.domain.ingest.SnapshotBatch;
import dev.tcpfleet.protocol.HostIdentity;
import dev.tcpfleet.protocol.stress.StressReport;
import dev.tcpfleet.protocol.stress.StressRequest;
import dev.tcpfleet.protocol.stress.StressResult;
import dev.tcpfleet.testing.KafkaBrokerTestResource;
import dev.tcpfleet.testing.PostgresTestResource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Campaign rows against the real PostgreSQL: what fits beside the running ones, and a host's first report stands. */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerTestResource.class)
@QuarkusTestResource(PostgresTestResource.class)
class CampaignStoreTest {
    @Inject
    CampaignStore store;

    @Inject
    HostRegistry hosts;

    private final String prefix = "campaigns-" + UUID.randomUUID().toString().substring(0, 8) + "-";
    private final String h1 = prefix + "h1";
    private final String h2 = prefix + "h2";
    private final Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
    private final List<String> stored = new ArrayList<>();

    @BeforeEach
    void theHostsAreKnown() {
        QuarkusTransaction.requiringNew().run(() -> hosts.recordSeen(List.of(h1, h2).stream()
                .map(id -> new SnapshotBatch.Sighting(new HostIdentity(id, id, Map.of(), "1.0"), now, now)).toList()));
    }

    /** The other tests' campaigns must fit beside these: none is left running. */
    @AfterEach
    void stopTheCampaignsStored() {
        stored.forEach(store::markStopped);
    }

    private static StressRequest test(String id, int connections) {
        return StressRequest.latencyProbe(id, "127.0.0.1", 9, connections, 10, 1000, 1000);
    }

    /** Stores a campaign of {@code connections} per host created at now + {@code second}, with no check. */
    private String campaign(long second, long deadlineSecond, int connections, String... hostIds) {
        String id = prefix + UUID.randomUUID();
        Map<String, String> commands = new LinkedHashMap<>();
        for (String host : hostIds) {
            commands.put(host, id + "-" + host);
        }
        store.insertIfFits(new CampaignStore.StoredCampaign(id, test(id, connections), now.plusSeconds(second),
                now.plusSeconds(60), now.plusSeconds(deadlineSecond), null, "user:alice", null), commands, running -> {
        });
        stored.add(id);
        return id;
    }

    private Optional<String> report(String campaign, String host, String reason) {
        return store.record(new StressReport(StressRequest.SCHEMA_VERSION, campaign + "-" + host, host,
                StressResult.refused(test(campaign, 1), reason, now)));
    }

    private List<CampaignGuardrails.Running> runningOfMine() {
        return store.running().stream().filter(r -> r.id().startsWith(prefix)).toList();
    }

    @Test
    void aCampaignRunsUntilStoppedPastItsDeadlineOrAnsweredByEveryHost() {
        String partlyAnswered = campaign(0, 300, 3, h1, h2);
        String answered = campaign(0, 300, 1, h1);
        String stopped = campaign(0, 300, 1, h1);
        String pastDeadline = campaign(-600, -1, 1, h1);
        report(partlyAnswered, h1, "busy");
        report(answered, h1, "busy");
        store.markStopped(stopped);

        assertEquals(List.of(new CampaignGuardrails.Running(partlyAnswered, 2, 3)), runningOfMine());
        assertTrue(store.find(pastDeadline).isPresent());
    }

    @Test
    void theCheckSeesTheRunningCampaignsAndARefusalStoresNothing() {
        String running = campaign(0, 300, 2, h1);
        String refused = prefix + "refused";
        List<CampaignGuardrails.Running> seen = new ArrayList<>();

        assertThrows(IllegalStateException.class, () -> store.insertIfFits(new CampaignStore.StoredCampaign(refused,
                test(refused, 1), now, now.plusSeconds(60), now.plusSeconds(300), null, "user:alice", null), Map.of(h1, refused + "-h1"),
                others -> {
                    seen.addAll(others);
                    throw new IllegalStateException("does not fit");
                }));

        assertTrue(seen.contains(new CampaignGuardrails.Running(running, 1, 2)), seen.toString());
        assertEquals(Optional.empty(), store.find(refused));
        assertEquals(List.of(), store.hosts(refused));
        assertEquals(Optional.empty(), report(refused, h1, "busy"));
    }

    @Test
    void aCampaignReadsBackWithItsHostsInTheRequestsOrder() {
        String id = campaign(0, 300, 4, h2, h1);

        CampaignStore.StoredCampaign found = store.find(id).orElseThrow();

        assertEquals(test(id, 4), found.test());
        assertEquals(now, found.createdAt());
        assertEquals(now.plusSeconds(300), found.deadline());
        assertNull(found.stoppedAt());
        assertEquals(List.of(h2, h1), store.hosts(id).stream().map(CampaignStore.HostRow::hostId).toList());
        assertEquals(List.of(id + "-" + h2, id + "-" + h1),
                store.hosts(id).stream().map(CampaignStore.HostRow::commandId).toList());
    }

    @Test
    void aHostsFirstReportStandsAndOnlyItsOwnRowTakesOne() {
        String id = campaign(0, 300, 1, h1, h2);

        assertEquals(Optional.of(id), report(id, h1, "first"));
        assertEquals(Optional.of(id), report(id, h1, "second"));
        assertEquals(Optional.empty(), store.record(new StressReport(StressRequest.SCHEMA_VERSION, id + "-" + h1,
                h2, StressResult.refused(test(id, 1), "forged", now))), "another host's command id");
        assertEquals(Optional.empty(), report(prefix + "never-sent", h1, "stranger"));

        List<CampaignStore.HostRow> rows = store.hosts(id);
        assertEquals("first", rows.get(0).result().refusal());
        assertNull(rows.get(1).result(), "a report answered another host's row");
    }

    @Test
    void aCampaignIsStoppedOnce() {
        String id = campaign(0, 300, 1, h1);

        assertTrue(store.markStopped(id));
        Instant stoppedAt = store.find(id).orElseThrow().stoppedAt();
        assertFalse(store.markStopped(id), "stopped twice");

        assertEquals(stoppedAt, store.find(id).orElseThrow().stoppedAt());
        assertFalse(store.markStopped(prefix + "never-stored"));
    }

    @Test
    void theNewestComeFirstTiesByIdWithinTheLimit() {
        String oldest = campaign(-3, 300, 1, h1);
        String older = campaign(-2, 300, 1, h1);
        String tied1 = campaign(-1, 300, 1, h1);
        String tied2 = campaign(-1, 300, 1, h1);
        List<String> tied = List.of(tied1, tied2).stream().sorted().toList();

        List<String> mine = store.newestIds(1_000).stream().filter(id -> id.startsWith(prefix)).toList();

        assertEquals(List.of(tied.get(0), tied.get(1), older, oldest), mine);
        assertEquals(1, store.newestIds(1).size());
    }
}
