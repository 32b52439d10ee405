package dev.tcpfleet.agent.procfs;

import java.util.ArrayList;
import java.util.List;

/**
 * What this process may not do for want of a capability, read from its {@code /proc/self/status}: the daemon says
 * so once at start, beside what each snapshot and command answer says when it meets the refusal.
 */
public final class Capabilities {
    private record Needed(int bit, String name, boolean rootNeedsIt, String without) {
    }

    // capabilities(7) numbers; the set LeastPrivilegeIT proves
    private static final List<Needed> NEEDED = List.of(
            new Needed(2, "CAP_DAC_READ_SEARCH", true,
                    "cannot list other users' /proc/PID/fd: their sockets are counted but not attributed to them"),
            new Needed(19, "CAP_SYS_PTRACE", true,
                    "cannot read other users' /proc/PID/fd links: their sockets are counted but not attributed to them"),
            new Needed(12, "CAP_NET_ADMIN", false,
                    "cannot write /proc/sys/net: applies will be rolled back"));

    private Capabilities() {
    }

    /** One line per needed capability {@code status} (a /proc/PID/status text) lacks; empty when it has them all. */
    public static List<String> missing(String status) {
        long effective = 0;
        boolean root = false;
        for (String line : status.split("\n")) {
            if (line.startsWith("CapEff:")) {
                effective = Long.parseUnsignedLong(line.substring("CapEff:".length()).strip(), 16);
            } else if (line.startsWith("Uid:")) {
                root = line.substring("Uid:".length()).strip().split("\\s+")[1].equals("0"); // effective uid
            }
        }
        List<String> missing = new ArrayList<>();
        for (Needed needed : NEEDED) {
            // root owns /proc/sys's files: the kernel lets their owner write them without CAP_NET_ADMIN
            if ((effective & (1L << needed.bit())) == 0 && (needed.rootNeedsIt() || !root)) {
                missing.add("without " + needed.name() + " this agent " + needed.without());
            }
        }
        return missing;
    }
}
