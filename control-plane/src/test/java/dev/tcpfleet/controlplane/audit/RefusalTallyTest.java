package dev.tcpfleet.controlplane.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RefusalTallyTest {
    static final Instant T = Instant.parse("2026-01-01T10:00:05Z");
    static final String TOKENS = "POST /api/tokens";
    final RefusalTally tally = new RefusalTally(3);

    static RefusalTally.Key key(String source, String minute, String action) {
        return new RefusalTally.Key(source, Instant.parse(minute), action);
    }

    @Test
    void refusalsFromOneSourceInOneMinuteForOneRouteAreOneCount() {
        for (int i = 0; i < 50; i++) {
            tally.count("203.0.113.7", TOKENS, T.plusSeconds(i));
        }
        assertEquals(Map.of(key("203.0.113.7", "2026-01-01T10:00:00Z", TOKENS), 50L), tally.drain());
    }

    @Test
    void anotherSourceMinuteOrRouteIsAnotherCount() {
        tally.count("203.0.113.7", TOKENS, T);
        tally.count("203.0.113.8", TOKENS, T);
        tally.count("203.0.113.7", TOKENS, T.plusSeconds(60));
        tally.count("203.0.113.7", "GET /api/hosts", T);
        assertEquals(4, tally.drain().size());
    }

    @Test
    void pastTheBoundNewSourcesAreCountedAsOtherSourcesAndKnownOnesAsThemselves() {
        for (int source = 1; source <= 10; source++) {
            tally.count("203.0.113." + source, TOKENS, T);
        }
        tally.count("203.0.113.1", TOKENS, T);
        assertEquals(Map.of(key("203.0.113.1", "2026-01-01T10:00:00Z", TOKENS), 2L,
                key("203.0.113.2", "2026-01-01T10:00:00Z", TOKENS), 1L,
                key("203.0.113.3", "2026-01-01T10:00:00Z", TOKENS), 1L,
                key(RefusalTally.OTHER_SOURCES, "2026-01-01T10:00:00Z", TOKENS), 7L), tally.drain());
    }

    @Test
    void aDrainTakesEverythingOnceAndCountsPutBackAreTakenNextTime() {
        tally.count("203.0.113.7", TOKENS, T);
        Map<RefusalTally.Key, Long> first = tally.drain();
        assertEquals(Map.of(), tally.drain());
        first.forEach(tally::add);
        tally.count("203.0.113.7", TOKENS, T);
        assertEquals(Map.of(key("203.0.113.7", "2026-01-01T10:00:00Z", TOKENS), 2L), tally.drain());
    }

    @Test
    void countsPutBackStayWithinTheBound() {
        for (int source = 1; source <= 3; source++) {
            tally.count("203.0.113." + source, TOKENS, T);
        }
        Map<RefusalTally.Key, Long> unstored = tally.drain();
        for (int source = 4; source <= 6; source++) {
            tally.count("203.0.113." + source, TOKENS, T); // arrived while the flush failed
        }
        unstored.forEach(tally::add);
        Map<RefusalTally.Key, Long> next = tally.drain();
        assertEquals(4, next.size(), "three sources and the others: " + next);
        assertEquals(6L, next.values().stream().mapToLong(Long::longValue).sum());
        assertEquals(3L, next.get(key(RefusalTally.OTHER_SOURCES, "2026-01-01T10:00:00Z", TOKENS)));
    }
}
