package dev.tcpfleet.controlplane.audit;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Requests refused for want of a valid token, counted per source address, minute and route until they are drained
 * into the audit trail. Counting is a map update, so a 401 storm costs no query per request. The map is bounded:
 * once it holds {@code maxKeys} keys, a key not yet in it is counted under {@link #OTHER_SOURCES}, so requests from
 * very many addresses (IPv6 leaves an attacker plenty) cost at most that much memory, and are still counted.
 */
public final class RefusalTally {
    /** The source of refusals counted past the bound, as the trail shows it. */
    public static final String OTHER_SOURCES = "other sources";

    public record Key(String source, Instant minute, String action) {
    }

    private final int maxKeys;
    private final Map<Key, Long> counts = new ConcurrentHashMap<>();

    public RefusalTally(int maxKeys) {
        this.maxKeys = maxKeys;
    }

    /** One refusal of {@code action} (e.g. {@code POST /api/tokens}) from {@code source} at {@code at}. */
    public void count(String source, String action, Instant at) {
        add(new Key(source, at.truncatedTo(ChronoUnit.MINUTES), action), 1);
    }

    /** Adds {@code n} under {@code key}, within the bound: also how a drained count that was not stored is put back. */
    public void add(Key key, long n) {
        Key counted = counts.size() >= maxKeys && !counts.containsKey(key)
                ? new Key(OTHER_SOURCES, key.minute(), key.action()) : key;
        counts.merge(counted, n, Long::sum);
    }

    /** Takes every count so far; a refusal counted meanwhile stays for the next drain, never lost or taken twice. */
    public Map<Key, Long> drain() {
        Map<Key, Long> drained = new HashMap<>();
        for (Key key : counts.keySet()) {
            Long n = counts.remove(key);
            if (n != null) {
                drained.put(key, n);
            }
        }
        return drained;
    }
}
