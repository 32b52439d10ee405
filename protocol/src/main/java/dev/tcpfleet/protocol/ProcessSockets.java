package dev.tcpfleet.protocol;

import java.util.Map;

/**
 * The TCP sockets one process holds open: socket inodes of {@code /proc/PID/fd} matched to the tcp tables.
 *
 * @param pid         process id
 * @param name        {@code /proc/PID/comm}
 * @param commandLine {@code /proc/PID/cmdline}, arguments joined by spaces with values that look secret replaced by
 *                    {@code <redacted>} (or the executable alone, as the agent is set), cut at 512 characters
 * @param runtime     what runs it, as far as the command line tells
 * @param total       its TCP sockets
 * @param states      the same per state
 */
public record ProcessSockets(
        int pid,
        String name,
        String commandLine,
        Runtime runtime,
        int total,
        Map<TcpState, Integer> states) {

    /** The old script looked at Java and Node processes only; tcpfleet counts every process and flags these. */
    public enum Runtime { JAVA, NODE, OTHER }

    public ProcessSockets {
        states = StateCounts.copy(states);
    }

    public int count(TcpState state) {
        return states.getOrDefault(state, 0);
    }
}
