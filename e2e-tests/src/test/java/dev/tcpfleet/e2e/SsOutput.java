package dev.tcpfleet.e2e;

import dev.tcpfleet.protocol.TcpState;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.IntPredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The rows of {@code ss -tan}, {@code -tanp} or {@code -ltn}, and the figures a snapshot should agree with,
 * worked out the way the snapshot contract defines them. The independent reading the agent is checked against.
 */
record SsOutput(List<Row> rows) {
    private static final Pattern PID = Pattern.compile("pid=(\\d+)");
    private static final Map<String, TcpState> STATES = Map.ofEntries(
            Map.entry("ESTAB", TcpState.ESTABLISHED),
            Map.entry("SYN-SENT", TcpState.SYN_SENT),
            Map.entry("SYN-RECV", TcpState.SYN_RECV),
            Map.entry("NEW-SYN-RECV", TcpState.SYN_RECV),
            Map.entry("FIN-WAIT-1", TcpState.FIN_WAIT1),
            Map.entry("FIN-WAIT-2", TcpState.FIN_WAIT2),
            Map.entry("TIME-WAIT", TcpState.TIME_WAIT),
            Map.entry("UNCONN", TcpState.CLOSE),
            Map.entry("CLOSE-WAIT", TcpState.CLOSE_WAIT),
            Map.entry("LAST-ACK", TcpState.LAST_ACK),
            Map.entry("LISTEN", TcpState.LISTEN),
            Map.entry("CLOSING", TcpState.CLOSING));

    /** An address as a value: {@code ::ffff:a.b.c.d} equals {@code a.b.c.d}, {@code *} is {@code ::}. */
    record Endpoint(InetAddress address, int port) {
        @Override
        public String toString() {
            return address.getHostAddress() + ":" + port;
        }
    }

    /** One socket; {@code pids} are the processes {@code -p} names (none for TIME_WAIT or a queued connection). */
    record Row(TcpState state, long recvQ, long sendQ, Endpoint local, Endpoint peer, Set<Long> pids) {
    }

    /** A figure split by state, as PortUsage, DestinationUsage and ProcessSockets carry it. */
    record Tally(int total, Map<TcpState, Integer> states) {
        static Tally of(List<Row> rows) {
            Map<TcpState, Integer> states = new EnumMap<>(TcpState.class);
            rows.forEach(row -> states.merge(row.state(), 1, Integer::sum));
            return new Tally(rows.size(), Map.copyOf(states));
        }
    }

    SsOutput {
        rows = List.copyOf(rows);
    }

    static SsOutput parse(String text) {
        List<Row> rows = new ArrayList<>();
        for (String line : text.split("\n")) {
            String[] fields = line.trim().split("\\s+", 6);
            if (fields.length < 5 || fields[0].equals("State") || fields[0].equals("Netid")) {
                continue;
            }
            TcpState state = STATES.get(fields[0]);
            if (state == null) {
                throw new IllegalArgumentException("unknown ss state " + fields[0] + " in: " + line);
            }
            Set<Long> pids = new TreeSet<>();
            if (fields.length == 6) {
                Matcher pid = PID.matcher(fields[5]);
                while (pid.find()) {
                    pids.add(Long.parseLong(pid.group(1)));
                }
            }
            rows.add(new Row(state, Long.parseLong(fields[1]), Long.parseLong(fields[2]), endpoint(fields[3]),
                    endpoint(fields[4]), Set.copyOf(pids)));
        }
        return new SsOutput(rows);
    }

    /** {@code 127.0.0.1:80}, {@code [::1]:80}, {@code *:80}, {@code 0.0.0.0:*}, {@code 10.0.0.1%eth0:80}. */
    static Endpoint endpoint(String text) {
        int colon = text.lastIndexOf(':');
        String host = text.substring(0, colon);
        String port = text.substring(colon + 1);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int scope = host.indexOf('%');
        if (scope >= 0) {
            host = host.substring(0, scope);
        }
        if (host.equals("*")) {
            // ss writes a dual-stack socket's :: as *
            host = "::";
        }
        return new Endpoint(address(host), port.equals("*") ? 0 : Integer.parseInt(port));
    }

    static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an address: " + literal, e);
        }
    }

    Map<TcpState, Integer> states() {
        return Tally.of(rows).states();
    }

    List<Row> inState(TcpState state) {
        return rows.stream().filter(row -> row.state() == state).toList();
    }

    /** Every socket per local port, listeners included. */
    Map<Integer, Tally> ports() {
        return tally(rows, row -> row.local().port());
    }

    Set<Integer> listenedPorts() {
        return inState(TcpState.LISTEN).stream().map(row -> row.local().port()).collect(Collectors.toCollection(TreeSet::new));
    }

    /** Outbound sockets (local port not a listened one) per remote endpoint. */
    Map<Endpoint, List<Row>> destinations() {
        Set<Integer> listened = listenedPorts();
        return rows.stream()
                .filter(row -> row.state() != TcpState.LISTEN && !listened.contains(row.local().port()))
                .collect(Collectors.groupingBy(Row::peer, () -> new TreeMap<>(SsOutput::compare), Collectors.toList()));
    }

    static int ephemeral(List<Row> rows, IntPredicate inRange) {
        return (int) rows.stream().filter(row -> inRange.test(row.local().port())).count();
    }

    static Set<Long> pids(List<Row> rows) {
        return rows.stream().flatMap(row -> row.pids().stream()).collect(Collectors.toCollection(TreeSet::new));
    }

    Tally process(long pid) {
        return Tally.of(rows.stream().filter(row -> row.pids().contains(pid)).toList());
    }

    private static <K> Map<K, Tally> tally(List<Row> rows, java.util.function.Function<Row, K> key) {
        Map<K, Tally> tallies = new TreeMap<>();
        rows.stream().collect(Collectors.groupingBy(key)).forEach((k, group) -> tallies.put(k, Tally.of(group)));
        return tallies;
    }

    private static int compare(Endpoint a, Endpoint b) {
        int byAddress = a.address().getHostAddress().compareTo(b.address().getHostAddress());
        return byAddress != 0 ? byAddress : Integer.compare(a.port(), b.port());
    }
}
