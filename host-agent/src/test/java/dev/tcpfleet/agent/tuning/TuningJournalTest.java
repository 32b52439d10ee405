package dev.tcpfleet.agent.tuning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tcpfleet.protocol.commands.CommandIds;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The journal lists every entry it writes: crash recovery, drift and confirm windows all read it by listing. */
class TuningJournalTest {
    @TempDir
    Path folder;

    private static TuningJournal.Entry unfinished(String id) {
        return new TuningJournal.Entry(id, "p", Instant.parse("2026-12-01T00:00:00Z"), Map.of("k", "1"), Map.of(),
                null, null, null, null);
    }

    @Test
    void everyIdThePatternAllowsRoundTripsThroughTheListing() {
        String uuid = UUID.randomUUID().toString();
        // each character class in each position, the shortest and the longest
        List<String> ids = List.of("a", "Z", "0", "a.", "a_", "a-", "0..json", "x.json", "lock", "9-._",
                uuid, uuid + "-0", uuid + "-12-stop", "a".repeat(128), "Z" + "._-".repeat(42) + "9");
        TuningJournal journal = new TuningJournal(folder);
        ids.forEach(id -> journal.save(unfinished(id)));

        Set<String> listed = journal.unfinished().stream().map(TuningJournal.Entry::commandId)
                .collect(Collectors.toCollection(TreeSet::new));

        assertEquals(new TreeSet<>(ids), listed);
        ids.forEach(id -> assertTrue(CommandIds.isValid(id), id));
    }

    @Test
    void randomIdsOfThePatternRoundTripToo() {
        String first = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        String rest = first + "._-";
        Random random = new Random(21);
        Set<String> ids = new TreeSet<>();
        while (ids.size() < 300) {
            StringBuilder id = new StringBuilder().append(first.charAt(random.nextInt(first.length())));
            int length = 1 + random.nextInt(128);
            while (id.length() < length) {
                id.append(rest.charAt(random.nextInt(rest.length())));
            }
            ids.add(id.toString());
        }
        TuningJournal journal = new TuningJournal(folder);
        ids.forEach(id -> journal.save(unfinished(id)));

        assertEquals(ids, journal.unfinished().stream().map(TuningJournal.Entry::commandId)
                .collect(Collectors.toCollection(TreeSet::new)));
    }

    @ParameterizedTest
    @ValueSource(strings = {".hidden", ".lock", "..", "-x", "a/b", ""})
    void anIdTheListingCouldNotSeeIsNeverWritten(String id) {
        TuningJournal journal = new TuningJournal(folder);

        assertThrows(IllegalArgumentException.class, () -> journal.save(unfinished(id)));
        assertEquals(List.of(), journal.unfinished());
    }
}
