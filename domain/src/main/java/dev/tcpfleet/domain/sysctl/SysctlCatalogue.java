package dev.tcpfleet.domain.sysctl;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every sysctl a tuning profile may manage, as data. A key that is not here cannot be tuned: that is how
 * settings that break things (net.ipv4.tcp_tw_recycle, removed in Linux 4.12) stay out.
 */
public final class SysctlCatalogue {

    public static final String SOMAXCONN = "net.core.somaxconn";
    public static final String TCP_MAX_SYN_BACKLOG = "net.ipv4.tcp_max_syn_backlog";
    public static final String TCP_TW_REUSE = "net.ipv4.tcp_tw_reuse";
    public static final String TCP_MEM = "net.ipv4.tcp_mem";
    public static final String IP_LOCAL_PORT_RANGE = "net.ipv4.ip_local_port_range";
    public static final String TCP_KEEPALIVE_TIME = "net.ipv4.tcp_keepalive_time";
    public static final String RMEM_MAX = "net.core.rmem_max";
    public static final String WMEM_MAX = "net.core.wmem_max";
    public static final String TCP_RMEM = "net.ipv4.tcp_rmem";
    public static final String TCP_WMEM = "net.ipv4.tcp_wmem";
    public static final String TCP_CONGESTION_CONTROL = "net.ipv4.tcp_congestion_control";
    public static final String TCP_SYNCOOKIES = "net.ipv4.tcp_syncookies";
    public static final String TCP_TIMESTAMPS = "net.ipv4.tcp_timestamps";
    public static final String TCP_SACK = "net.ipv4.tcp_sack";

    // The kernel takes up to INT_MAX for buffer sizes; a gigabyte per socket is already more than any link needs.
    private static final long BUFFER_MIN = 4096;
    private static final long BUFFER_MAX = 1L << 30;
    private static final long UINT_MAX = 4294967295L;

    private static final List<SysctlSpec> ALL = List.of(
            integer(TCP_KEEPALIVE_TIME, 1, 32767,
                    "Seconds a connection with SO_KEEPALIVE stays idle before the first keepalive probe, unless the "
                            + "socket sets TCP_KEEPIDLE. Default 7200."),
            integer("net.ipv4.tcp_keepalive_probes", 1, 127,
                    "Unanswered keepalive probes after which the connection is dropped. Default 9."),
            integer("net.ipv4.tcp_keepalive_intvl", 1, 32767,
                    "Seconds between keepalive probes. Default 75."),
            choice(TCP_TW_REUSE, 2,
                    "Whether a new outbound connection may take the tuple of a TIME_WAIT socket when timestamps make "
                            + "it safe: 0 never, 1 always, 2 loopback only (the default). Connections this host "
                            + "accepts are never affected."),
            integer("net.ipv4.tcp_fin_timeout", 1, 120,
                    "Seconds an orphaned connection waits in FIN_WAIT2 for the peer's FIN before it is dropped. "
                            + "Default 60. It does not shorten TIME_WAIT, which the kernel fixes at 60 s."),
            integer("net.core.rmem_default", BUFFER_MIN, BUFFER_MAX,
                    "Receive buffer in bytes a socket of any protocol starts with. TCP starts from tcp_rmem's "
                            + "middle value instead."),
            integer(RMEM_MAX, BUFFER_MIN, BUFFER_MAX,
                    "Largest receive buffer in bytes an application may ask for with SO_RCVBUF. It does not bound "
                            + "TCP autotuning, which tcp_rmem's maximum does."),
            integer("net.core.wmem_default", BUFFER_MIN, BUFFER_MAX,
                    "Send buffer in bytes a socket of any protocol starts with. TCP starts from tcp_wmem's middle "
                            + "value instead."),
            integer(WMEM_MAX, BUFFER_MIN, BUFFER_MAX,
                    "Largest send buffer in bytes an application may ask for with SO_SNDBUF. It does not bound TCP "
                            + "autotuning, which tcp_wmem's maximum does."),
            triple(TCP_RMEM, BUFFER_MIN, BUFFER_MAX,
                    "TCP receive buffer in bytes: the minimum kept under memory pressure, the size each connection "
                            + "starts with, the most autotuning grows it to. SO_RCVBUF turns autotuning off."),
            triple(TCP_WMEM, BUFFER_MIN, BUFFER_MAX,
                    "TCP send buffer in bytes: the minimum kept under memory pressure, the size each connection "
                            + "starts with, the most autotuning grows it to. SO_SNDBUF turns autotuning off."),
            triple(TCP_MEM, 1024, 1L << 28,
                    "Pages all TCP buffers may hold together: below the first no pressure, above the second the "
                            + "kernel shrinks buffers, the third is the hard cap. Computed from RAM at boot."),
            integer(SOMAXCONN, 128, 65535,
                    "Cap on every listen() backlog, the accept queue of connections the application has not yet "
                            + "accepted. Default 4096 since Linux 5.4, 128 before; a smaller backlog asked for by the "
                            + "application still wins."),
            integer(TCP_MAX_SYN_BACKLOG, 128, 1 << 20,
                    "Half-open connections (SYN received, handshake not done) a listener keeps; beyond it new SYNs "
                            + "are dropped, or answered with cookies when tcp_syncookies allows."),
            bool("net.ipv4.tcp_no_metrics_save",
                    "1: do not cache a closed connection's RTT and congestion window for the next connection to the "
                            + "same peer. Default 0."),
            bool("net.ipv4.tcp_moderate_rcvbuf",
                    "1 (default): autotune each connection's receive buffer within tcp_rmem."),
            new SysctlSpec(TCP_CONGESTION_CONTROL, ValueType.CONGESTION_CONTROL, 0, 0,
                    "Congestion control algorithm of new connections, e.g. cubic (the usual default) or bbr; it "
                            + "must be listed in net.ipv4.tcp_available_congestion_control."),
            new SysctlSpec(IP_LOCAL_PORT_RANGE, ValueType.PORT_RANGE, 1024, 65535,
                    "Local ports the kernel picks from for outbound connections; each destination address and port "
                            + "has the whole range to itself. Default 32768 60999."),
            integer("net.ipv4.tcp_max_tw_buckets", 1024, 1 << 24,
                    "Most TIME_WAIT sockets the host keeps; beyond it they are destroyed at once and the kernel logs "
                            + "\"time wait bucket table overflow\". Default scales with RAM."),
            choice(TCP_SYNCOOKIES, 2,
                    "0 off; 1 (default) answer with SYN cookies once a listener's SYN queue overflows; 2 always."),
            // 2 (timestamps without a random offset per connection) would let peers read the host's uptime.
            bool(TCP_TIMESTAMPS,
                    "1 (default): TCP timestamps, which PAWS, RTT measurement and tcp_tw_reuse rely on. 0 turns "
                            + "them off."),
            bool(TCP_SACK,
                    "1 (default): selective acknowledgements, so a sender resends only the segments that were "
                            + "lost. 0 turns them off."),
            integer("net.ipv4.tcp_syn_retries", 1, 127,
                    "SYN retransmissions before an outbound connect() fails; the wait doubles each time, so the "
                            + "default 6 gives up after about 127 s."),
            integer("net.ipv4.tcp_synack_retries", 1, 255,
                    "SYN-ACK retransmissions before an incoming half-open connection is dropped. Default 5, about "
                            + "63 s."),
            bool("net.ipv4.tcp_slow_start_after_idle",
                    "1 (default): a connection idle longer than its retransmission timeout restarts from the initial "
                            + "congestion window. 0 keeps the window for long-lived connections that send in bursts."),
            choice("net.ipv4.tcp_mtu_probing", 2,
                    "Packetization-layer path MTU discovery: 0 off (default), 1 once an ICMP black hole is "
                            + "detected, 2 always."),
            integer("net.core.netdev_max_backlog", 1000, 1 << 20,
                    "Packets queued per CPU when an interface receives faster than the kernel processes; beyond it "
                            + "they are dropped (second column of /proc/net/softnet_stat). Default 1000."),
            integer("net.ipv4.tcp_max_orphans", 1024, 1 << 24,
                    "Most connections no process holds any more; beyond it they are reset at once and the kernel "
                            + "logs \"too many orphaned sockets\". Default scales with RAM."),
            integer("net.ipv4.tcp_retries2", 3, 30,
                    "Retransmissions of unacknowledged data before an established connection is given up; the "
                            + "default 15 takes about 924 s. RFC 1122 asks for at least 100 s, about 8."),
            integer("net.ipv4.tcp_orphan_retries", 0, 15,
                    "Retransmissions before a connection the application has closed is given up; 0 means 8."),
            // Bits above 2 (cookie-less and per-route modes) are for experiments, not for fleet profiles.
            choice("net.ipv4.tcp_fastopen", 3,
                    "TCP Fast Open as bits: 1 client (default), 2 server, 3 both. Data in the SYN saves a round "
                            + "trip on repeat connections to the same peer."),
            integer("net.ipv4.tcp_notsent_lowat", BUFFER_MIN, UINT_MAX,
                    "Unsent bytes a socket may queue before poll() stops reporting it writable; low values keep "
                            + "send queues and latency short. Default 4294967295, no limit."));

    // toUnmodifiableMap refuses a key listed twice, so the class fails to load rather than shadow a spec.
    private static final Map<String, SysctlSpec> BY_KEY =
            ALL.stream().collect(Collectors.toUnmodifiableMap(SysctlSpec::key, Function.identity()));

    /**
     * Keys the kernel keeps for the whole host, not per network namespace: inside one their files are missing from
     * /proc/sys (checked on Linux 6.18 with {@code unshare -n}), so a missing file there says nothing of the kernel.
     */
    private static final Set<String> HOST_WIDE = Set.of(TCP_MEM, "net.ipv4.tcp_max_orphans",
            "net.core.netdev_max_backlog");

    private SysctlCatalogue() {
    }

    /** Whether {@code key} is one host-wide value that a network namespace cannot see. */
    public static boolean hostWide(String key) {
        return HOST_WIDE.contains(key);
    }

    /** Every managed sysctl, in a stable order. */
    public static List<SysctlSpec> all() {
        return ALL;
    }

    public static Optional<SysctlSpec> find(String key) {
        return Optional.ofNullable(BY_KEY.get(key));
    }

    /**
     * The file below /proc/sys that holds {@code key}, as sysctl(8) maps it: dots separate directories and a
     * slash stands for a dot inside one name ({@code net.ipv4.conf.eth0/100.rp_filter} →
     * {@code net/ipv4/conf/eth0.100/rp_filter}).
     *
     * @throws IllegalArgumentException for a key that would name no file or one outside /proc/sys
     */
    public static String procSysPath(String key) {
        StringJoiner path = new StringJoiner("/");
        for (String name : key.split("\\.", -1)) {
            String directoryOrFile = name.replace('/', '.');
            if (directoryOrFile.isEmpty() || directoryOrFile.equals(".") || directoryOrFile.equals("..")) {
                throw new IllegalArgumentException("not a sysctl key: \"" + key + "\"");
            }
            path.add(directoryOrFile);
        }
        return path.toString();
    }

    private static SysctlSpec integer(String key, long min, long max, String description) {
        return new SysctlSpec(key, ValueType.INTEGER, min, max, description);
    }

    private static SysctlSpec bool(String key, String description) {
        return new SysctlSpec(key, ValueType.BOOLEAN, 0, 1, description);
    }

    private static SysctlSpec choice(String key, long highestMode, String description) {
        return new SysctlSpec(key, ValueType.ENUM, 0, highestMode, description);
    }

    private static SysctlSpec triple(String key, long min, long max, String description) {
        return new SysctlSpec(key, ValueType.TRIPLE, min, max, description);
    }
}
