package dev.tcpfleet.protocol;

import java.util.EnumMap;
import java.util.Map;

/** Per-state counts as the records hold them: immutable, states with no socket left out. */
final class StateCounts {
    private StateCounts() {
    }

    static Map<TcpState, Integer> copy(Map<TcpState, Integer> counts) {
        if (counts == null || counts.isEmpty()) {
            return Map.of();
        }
        EnumMap<TcpState, Integer> nonZero = new EnumMap<>(TcpState.class);
        counts.forEach((state, count) -> {
            if (count != null && count != 0) {
                nonZero.put(state, count);
            }
        });
        return Map.copyOf(nonZero);
    }
}
