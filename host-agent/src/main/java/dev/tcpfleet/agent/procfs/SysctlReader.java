package dev.tcpfleet.agent.procfs;

import dev.tcpfleet.domain.profiles.ProfileValidator;
import dev.tcpfleet.domain.sysctl.SysctlCatalogue;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Current sysctl values, read from {@code /proc/sys} as {@code sysctl -n} would show them. */
public final class SysctlReader {
    public static final String AVAILABLE_CONGESTION_CONTROL = "sys/net/ipv4/tcp_available_congestion_control";
    public static final String LOCAL_PORT_RANGE = "sys/net/ipv4/ip_local_port_range";
    public static final String HOST_WIDE_IN_NAMESPACE = "host-wide, not readable in this network namespace";

    private final ProcFs procFs;

    /** {@code net.ipv4.ip_local_port_range}: the ports the kernel picks ephemeral ports from, both included. */
    public record PortRange(int low, int high) {
    }

    public SysctlReader(ProcFs procFs) {
        this.procFs = procFs;
    }

    /**
     * Key → value of the {@code keys} this kernel has, values whitespace-normalised ({@code tcp_rmem}'s tabs become
     * single spaces). A key this kernel or namespace lacks, or that is no sysctl name, is reported as
     * {@code "sysctl <key>"}.
     */
    public Map<String, String> read(Collection<String> keys, Map<String, String> unavailable) {
        Map<String, String> values = new TreeMap<>();
        for (String key : keys) {
            String figure = "sysctl " + key;
            Optional<String> path = path(key);
            if (path.isEmpty()) {
                unavailable.put(figure, "not a sysctl name");
                continue;
            }
            ProcText.read(procFs, path.get(), figure, absentReason(key), unavailable)
                    .ifPresent(value -> values.put(key, normalise(value)));
        }
        return values;
    }

    /**
     * Why {@code key}'s file is missing. Host-wide keys exist on every kernel tcpfleet knows but not inside a
     * network namespace, so their absence means the agent runs in one, not that the kernel lacks them.
     */
    public static String absentReason(String key) {
        return SysctlCatalogue.hostWide(key) ? HOST_WIDE_IN_NAMESPACE : "absent on this kernel";
    }

    /** The congestion control algorithms loaded now, e.g. [reno, cubic, bbr]; empty (and reported) when unknown. */
    public List<String> availableCongestionControl(Map<String, String> unavailable) {
        List<String> algorithms = ProcText.readFigure(procFs, AVAILABLE_CONGESTION_CONTROL,
                "congestionControlAvailable", SysctlReader::parseWords, "empty", unavailable);
        return algorithms == null ? List.of() : algorithms;
    }

    /** The ephemeral port range, or null (and reported) when unreadable. */
    public PortRange localPortRange(Map<String, String> unavailable) {
        return ProcText.readFigure(procFs, LOCAL_PORT_RANGE, "ephemeralPorts", SysctlReader::parsePortRange,
                "not two ports", unavailable);
    }

    /**
     * {@code key}'s file below the /proc root, e.g. net.ipv4.tcp_rmem → sys/net/ipv4/tcp_rmem. As in sysctl(8), a
     * '/' in a key stands for a '.' in a name (net.ipv4.conf.eth0/100.rp_filter is interface eth0.100). Empty
     * when the key would name no file below {@code /proc/sys}.
     */
    public static Optional<String> path(String key) {
        try {
            return Optional.of("sys/" + SysctlCatalogue.procSysPath(key));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Fields joined by single spaces, as {@code sysctl -n} prints them. */
    public static String normalise(String value) {
        return ProfileValidator.normalise(value);
    }

    /** Whitespace-separated words, or null when there are none. */
    public static List<String> parseWords(String content) {
        String[] words = ProcText.fields(content);
        return words.length == 0 ? null : List.of(words);
    }

    /** Two ports, low then high, or null when they are not two numbers from 0 to 65535. */
    public static PortRange parsePortRange(String content) {
        long[] ports = ProcText.leadingNumbers(content, 2);
        if (ports == null || ports[0] < 0 || ports[1] < 0 || ports[0] > 65535 || ports[1] > 65535) {
            return null;
        }
        return new PortRange((int) ports[0], (int) ports[1]);
    }
}
