package dev.tcpfleet.agent.snapshot;

import dev.tcpfleet.agent.procfs.ProcessFds;
import dev.tcpfleet.protocol.ProcessSockets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Per-process TCP socket counts: descriptors matched to the inodes the tcp tables listed. A socket a
 * process holds twice (dup) counts once for it; one shared by two processes (fork) counts for both.
 */
final class ProcessSocketCounter implements ProcessFds.SocketVisitor {
    private final TcpTableAggregator tables;
    private final Map<Integer, int[]> statesByPid = new HashMap<>();
    // a process's descriptors arrive together: no map lookup per socket
    private int currentPid = -1;
    private int[] currentStates;
    private final InodeTags lastHolder = new InodeTags();

    ProcessSocketCounter(TcpTableAggregator tables) {
        this.tables = tables;
    }

    @Override
    public void socket(int pid, long inode) {
        int tag = tables.tagOf(inode);
        if (tag < 0) {
            return; // not TCP, or another network namespace's socket
        }
        if (lastHolder.get(inode) == pid) {
            return; // this process's second descriptor for the socket
        }
        lastHolder.put(inode, pid);
        if (pid != currentPid) {
            currentPid = pid;
            currentStates = statesByPid.computeIfAbsent(pid, p -> new int[TcpTableAggregator.STATES]);
        }
        currentStates[TcpTableAggregator.stateOfTag(tag)]++;
        tables.addOwner(tag, pid);
    }

    /**
     * The processes with the most sockets first, named from /proc while they still exist, their command lines as
     * {@code commandLines} lets them leave the host.
     */
    List<ProcessSockets> top(int limit, ProcessFds fds, CommandLines commandLines) {
        List<Map.Entry<Integer, int[]>> entries = new ArrayList<>(statesByPid.entrySet());
        entries.sort(Comparator.<Map.Entry<Integer, int[]>>comparingInt(e -> total(e.getValue())).reversed()
                .thenComparingInt(Map.Entry::getKey));
        List<ProcessSockets> top = new ArrayList<>(Math.min(limit, entries.size()));
        for (Map.Entry<Integer, int[]> entry : entries.subList(0, Math.min(limit, entries.size()))) {
            int pid = entry.getKey();
            String name = fds.name(pid);
            String commandLine = commandLines.line(fds.arguments(pid));
            top.add(new ProcessSockets(pid, name, commandLine, runtimeOf(name, commandLine),
                    total(entry.getValue()), TcpTableAggregator.toStateMap(entry.getValue())));
        }
        return top;
    }

    /** Told by the executable, which either mode of {@link CommandLines} keeps as the line's first word. */
    static ProcessSockets.Runtime runtimeOf(String name, String commandLine) {
        String executable = commandLine.isEmpty() ? name : commandLine.split(" ", 2)[0];
        String base = executable.substring(executable.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
        if (base.equals("java") || name.equals("java")) {
            return ProcessSockets.Runtime.JAVA;
        }
        if (base.equals("node") || base.equals("nodejs") || name.equals("node")) {
            return ProcessSockets.Runtime.NODE;
        }
        return ProcessSockets.Runtime.OTHER;
    }

    private static int total(int[] states) {
        int sum = 0;
        for (int count : states) {
            sum += count;
        }
        return sum;
    }
}
