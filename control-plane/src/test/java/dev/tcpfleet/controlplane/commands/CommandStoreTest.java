package dev.tcpfleet.controlplane.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tcpfleet.controlplane.SnapshotMessages;
import dev.tcpfleet.protocol.TuningOutcome;
import dev.tcpfleet.protocol.TuningResult;
import dev.tcpfleet.testing.KafkaBrokerProcess;
import dev.tcpfleet.testing.KafkaBrokerTestResource;
import dev.tcpfleet.testing.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** CommandStore against the real PostgreSQL: which results a row takes, and which commands count as unsent. */
@QuarkusTest
@TestProfile(CommandStoreTest.NoResends.class)
@QuarkusTestResource(KafkaBrokerTestResource.class)
@QuarkusTestResource(PostgresTestResource.class)
class CommandStoreTest {
    /** The resender would take the unsent rows away while the test looks at them. */
    public static class NoResends implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("tcpfleet.commands.resend-interval", "1h");
        }
    }

    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    KafkaBrokerProcess broker;

    @Inject
    CommandStore store;

    String host;

    @BeforeEach
    void aHostHasReported() {
        host = "store-" + UUID.randomUUID();
        SnapshotMessages.register(broker, host, Map.of());
    }

    /** Stores a one-host command valid for {@code ttl} and returns the host's command id. */
    private String command(Duration ttl) {
        String id = UUID.randomUUID().toString();
        String hostCommandId = id + "-0";
        store.insert(new CommandStore.StoredCommand(id, "apply", "p", 1, false, null, null, null, NOW,
                NOW.plus(ttl), Map.of(host, hostCommandId), "user:alice", null, null),
                Map.of(hostCommandId, ("signed " + hostCommandId).getBytes(StandardCharsets.UTF_8)));
        return hostCommandId;
    }

    private TuningResult result(String hostCommandId, TuningOutcome outcome, Instant confirmBy) {
        return new TuningResult(hostCommandId, host, outcome, List.of(), null, List.of(), List.of(), NOW, confirmBy);
    }

    private CommandStore.Recorded recordResult(TuningResult result) {
        return store.recordResults(List.of(result)).get(0);
    }

    private String storedOutcome(String hostCommandId) {
        String commandId = hostCommandId.substring(0, hostCommandId.lastIndexOf('-'));
        TuningResult stored = store.hosts(commandId).get(0).result();
        return stored == null ? null : stored.outcome().name();
    }

    @Test
    void theFirstAnswerStandsExceptARevertOfAnApplyAwaitingConfirmation() {
        Instant window = NOW.plusSeconds(60);
        record Answer(TuningOutcome outcome, Instant confirmBy) {
        }
        // earlier answers, the last one, what storing the last one does, and the outcome the row then shows
        record Case(String name, List<Answer> earlier, Answer last, CommandStore.Recorded recorded,
                TuningOutcome shown) {
        }
        List<Case> cases = List.of(
                new Case("first answer", List.of(), new Answer(TuningOutcome.APPLIED, null),
                        CommandStore.Recorded.STORED, TuningOutcome.APPLIED),
                new Case("redelivery", List.of(new Answer(TuningOutcome.APPLIED, null)),
                        new Answer(TuningOutcome.APPLIED, null), CommandStore.Recorded.ALREADY_STORED,
                        TuningOutcome.APPLIED),
                new Case("a different later answer", List.of(new Answer(TuningOutcome.APPLIED, null)),
                        new Answer(TuningOutcome.REVERTED, null), CommandStore.Recorded.ALREADY_STORED,
                        TuningOutcome.APPLIED),
                new Case("the host reverts an unconfirmed apply",
                        List.of(new Answer(TuningOutcome.APPLIED, window)),
                        new Answer(TuningOutcome.REVERTED, null), CommandStore.Recorded.STORED,
                        TuningOutcome.REVERTED),
                new Case("the host fails to revert it",
                        List.of(new Answer(TuningOutcome.APPLIED, window)),
                        new Answer(TuningOutcome.FAILED, null), CommandStore.Recorded.STORED,
                        TuningOutcome.FAILED),
                new Case("nothing but a revert replaces an apply awaiting confirmation",
                        List.of(new Answer(TuningOutcome.APPLIED, window)),
                        new Answer(TuningOutcome.REJECTED, null), CommandStore.Recorded.ALREADY_STORED,
                        TuningOutcome.APPLIED),
                new Case("a revert is final",
                        List.of(new Answer(TuningOutcome.APPLIED, window), new Answer(TuningOutcome.REVERTED, null)),
                        new Answer(TuningOutcome.APPLIED, window), CommandStore.Recorded.ALREADY_STORED,
                        TuningOutcome.REVERTED));
        for (Case c : cases) {
            String hostCommandId = command(Duration.ofMinutes(10));
            c.earlier().forEach(answer -> recordResult(
                    result(hostCommandId, answer.outcome(), answer.confirmBy())));

            CommandStore.Recorded recorded = recordResult(
                    result(hostCommandId, c.last().outcome(), c.last().confirmBy()));

            assertEquals(c.recorded(), recorded, c.name());
            assertEquals(c.shown().name(), storedOutcome(hostCommandId), c.name());
        }
    }

    @Test
    void aBatchIsRecordedInItsOrderEvenWithSeveralAnswersForOneRow() {
        Instant window = NOW.plusSeconds(60);
        String reverted = command(Duration.ofMinutes(10));
        String applied = command(Duration.ofMinutes(10));
        String stranger = UUID.randomUUID() + "-0";

        List<CommandStore.Recorded> recorded = store.recordResults(List.of(
                result(reverted, TuningOutcome.APPLIED, window),
                result(applied, TuningOutcome.APPLIED, null),
                result(stranger, TuningOutcome.APPLIED, null),
                result(reverted, TuningOutcome.REVERTED, null),
                result(applied, TuningOutcome.APPLIED, null),
                result(reverted, TuningOutcome.APPLIED, window)));

        assertEquals(List.of(CommandStore.Recorded.STORED, CommandStore.Recorded.STORED,
                CommandStore.Recorded.UNMATCHED, CommandStore.Recorded.STORED, CommandStore.Recorded.ALREADY_STORED,
                CommandStore.Recorded.ALREADY_STORED), recorded);
        assertEquals("REVERTED", storedOutcome(reverted));
        assertEquals("APPLIED", storedOutcome(applied));
    }

    @Test
    void aResultMatchesOnlyItsOwnCommandAndHost() {
        String hostCommandId = command(Duration.ofMinutes(10));

        assertEquals(CommandStore.Recorded.UNMATCHED, recordResult(result(null, TuningOutcome.REJECTED, null)));
        assertEquals(CommandStore.Recorded.UNMATCHED, recordResult(new TuningResult(hostCommandId, "other-host",
                TuningOutcome.APPLIED, List.of(), null, List.of(), List.of(), NOW, null)));
        assertEquals(CommandStore.Recorded.UNMATCHED,
                recordResult(result(UUID.randomUUID() + "-0", TuningOutcome.APPLIED, null)));
        assertEquals(null, storedOutcome(hostCommandId));
    }

    @Test
    void unsentAreTheRefusedAndTheStalledThatAreStillValid() {
        String refused = command(Duration.ofMinutes(10));
        store.markSent(List.of(refused), HostCommandStatus.NOT_SENT);
        String stalled = command(Duration.ofMinutes(10));
        String sent = command(Duration.ofMinutes(10));
        store.markSent(List.of(sent), HostCommandStatus.SENT);
        String answered = command(Duration.ofMinutes(10));
        recordResult(result(answered, TuningOutcome.APPLIED, null));
        store.markSent(List.of(answered), HostCommandStatus.NOT_SENT); // a late refusal does not undo the answer
        String expired = command(Duration.ofMillis(-1));
        store.markSent(List.of(expired), HostCommandStatus.NOT_SENT);
        List<String> mine = List.of(refused, stalled, sent, answered, expired);

        List<String> stalledSinceAMinuteAgo = unsentOfMine(Instant.now().minusSeconds(60), mine);
        List<String> stalledSinceNow = unsentOfMine(Instant.now().plusSeconds(1), mine);

        assertEquals(List.of(refused), stalledSinceAMinuteAgo);
        assertEquals(List.of(refused, stalled), stalledSinceNow.stream().sorted(
                (a, b) -> Integer.compare(mine.indexOf(a), mine.indexOf(b))).toList());
        assertEquals("signed " + refused, new String(store.unsent(Instant.now(), 10_000).stream()
                .filter(u -> u.hostCommandId().equals(refused)).findFirst().orElseThrow().signed(),
                StandardCharsets.UTF_8));
        store.markSent(List.of(refused), HostCommandStatus.SENT);
        assertEquals(List.of(), unsentOfMine(Instant.now().minusSeconds(60), mine));
    }

    private List<String> unsentOfMine(Instant pendingBefore, List<String> mine) {
        return store.unsent(pendingBefore, 10_000).stream().map(CommandStore.Unsent::hostCommandId)
                .filter(mine::contains).toList();
    }

    /** A baseline leaves out hosts another apply or rollback was sent to within its windows; dry runs change nothing. */
    @Test
    void theHostsChangedBetweenAreThoseSentAnApplyOrRollbackInTheRange() {
        String other = "store-" + UUID.randomUUID();
        String dryRun = "store-" + UUID.randomUUID();
        SnapshotMessages.register(broker, dryRun, Map.of());
        command(Duration.ofMinutes(5)); // an apply to host at NOW
        String id = UUID.randomUUID().toString();
        store.insert(new CommandStore.StoredCommand(id, "apply", "p", 1, true, null, null, null, NOW,
                NOW.plusSeconds(300), Map.of(dryRun, id + "-0"), "user:alice", null, null),
                Map.of(id + "-0", "signed".getBytes(StandardCharsets.UTF_8)));

        assertEquals(List.of(host), store.hostsChangedBetween(List.of(host, other, dryRun), NOW.minusSeconds(60),
                NOW.plusSeconds(60)));
        assertEquals(List.of(), store.hostsChangedBetween(List.of(host, other), NOW.plusMillis(1),
                NOW.plusSeconds(60)));
        assertEquals(List.of(), store.hostsChangedBetween(List.of(), NOW.minusSeconds(60), NOW.plusSeconds(60)));
    }
}
