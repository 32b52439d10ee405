package dev.tcpfleet.agent.snapshot;

import dev.tcpfleet.agent.procfs.TcpRow;
import dev.tcpfleet.protocol.TcpState;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Consumer;

/** Counts sockets per TCP state across the tables it is shown. */
final class TcpStateCounter implements Consumer<TcpRow> {
    private final int[] byCode = new int[16];
    private int unknownStates;

    @Override
    public void accept(TcpRow row) {
        int code = row.state();
        if (TcpState.ofCode(code) != null) {
            byCode[code]++;
        } else {
            unknownStates++;
        }
    }

    /** States with at least one socket. */
    Map<TcpState, Integer> counts() {
        Map<TcpState, Integer> counts = new EnumMap<>(TcpState.class);
        for (TcpState state : TcpState.values()) {
            if (byCode[state.code()] > 0) {
                counts.put(state, byCode[state.code()]);
            }
        }
        return counts;
    }

    int unknownStates() {
        return unknownStates;
    }
}
