package dev.tcpfleet.e2e;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tcpfleet.e2e.SsOutput.Endpoint;
import dev.tcpfleet.e2e.SsOutput.Row;
import dev.tcpfleet.e2e.SsOutput.Tally;
import dev.tcpfleet.protocol.DestinationUsage;
import dev.tcpfleet.protocol.HostSnapshot;
import dev.tcpfleet.protocol.ListenerQueue;
import dev.tcpfleet.protocol.PortUsage;
import dev.tcpfleet.protocol.ProcessSockets;
import dev.tcpfleet.protocol.ProtocolJson;
import dev.tcpfleet.protocol.SocketMemory;
import dev.tcpfleet.protocol.TcpState;
import dev.tcpfleet.testing.NetNamespace;
import dev.tcpfleet.testing.RepoPaths;
import dev.tcpfleet.testing.sockets.SocketFixtureProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The agent's one-host snapshot ({@code analyze --json}) against {@code ss}, figure by figure, in a
 * namespace holding only the {@link KnownSockets} fixture. {@code ss} reads the kernel over netlink, the
 * agent reads /proc: two independent readings of the same tables, taken back to back.
 */
class SnapshotAccuracyIT {
    static NetNamespace ns;
    static SocketFixtureProcess fixture;
    static NamespaceReading before;
    static HostSnapshot snapshot;
    static NamespaceReading after;
    /** The host-wide sockstat figures' lowest and highest readings while the agent ran, every few milliseconds. */
    static HostWideRange hostWide;

    @BeforeAll
    static void readTheNamespaceBothWays() {
        assumeTrue(NetNamespace.supported(), "needs root and iproute2 to create network namespaces");
        Path agent = RepoPaths.built("host-agent/target/quarkus-app/quarkus-run.jar");
        ns = NetNamespace.create();
        fixture = SocketFixtureProcess.start(ns, KnownSockets.SPEC);
        before = NamespaceReading.take(ns);
        HostWideRange.Sampler sampler = HostWideRange.sample();
        String json;
        try {
            json = ns.run(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                    "-jar", agent.toString(), "analyze", "--json");
        } finally {
            hostWide = sampler.stop();
        }
        try {
            snapshot = ProtocolJson.readSnapshot(json.strip().getBytes(StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            throw new AssertionError("analyze --json did not print exactly one snapshot; its stdout:\n" + json, e);
        }
        after = NamespaceReading.take(ns);
    }

    @AfterAll
    static void cleanUp() {
        if (fixture != null) {
            fixture.close();
        }
        if (ns != null) {
            ns.close();
        }
    }

    /** If ss saw a different namespace after the agent ran, no comparison below would mean anything. */
    @Test
    void nothingChangedWhileTheAgentRan() {
        assertEquals(Set.copyOf(before.sockets().rows()), Set.copyOf(after.sockets().rows()), "ss -tanp before and after");
        assertEquals(before.listeners().rows(), after.listeners().rows(), "ss -ltn before and after");
        KnownSockets.assertReading(before, fixture.pid());
    }

    @Test
    void stateCountsMatchSs() {
        assertEquals(before.sockets().states(), snapshot.tcpStates());
        assertEquals(before.sockets().rows().size(), snapshot.totalSockets());
    }

    @Test
    void everyListedPortMatchesSsAndNoBusierPortIsLeftOut() {
        Map<Integer, Tally> ss = before.sockets().ports();
        assertTrue(!snapshot.topPorts().isEmpty(), "no topPorts");
        List<Executable> checks = new ArrayList<>();
        for (PortUsage port : snapshot.topPorts()) {
            Tally expected = ss.getOrDefault(port.port(), Tally.of(List.of()));
            checks.add(() -> assertEquals(expected, new Tally(port.total(), port.states()), "port " + port.port()));
        }
        Set<Integer> listed = new HashSet<>(snapshot.topPorts().stream().map(PortUsage::port).toList());
        int leastListed = snapshot.topPorts().stream().mapToInt(PortUsage::total).min().orElseThrow();
        ss.forEach((port, tally) -> checks.add(() -> assertTrue(listed.contains(port) || tally.total() <= leastListed,
                "port " + port + " has " + tally.total() + " sockets but is not among topPorts " + listed)));
        for (int port : List.of(KnownSockets.V4, KnownSockets.V6, KnownSockets.DUAL, KnownSockets.FULL)) {
            checks.add(() -> assertTrue(listed.contains(port), "listener port " + port + " in topPorts " + listed));
        }
        assertAll(checks);
    }

    @Test
    void listenerQueuesMatchSsLtn() {
        List<Row> ss = before.listeners().rows();
        assertEquals(ss.size(), snapshot.listeners().size(), "listeners " + snapshot.listeners());
        List<Executable> checks = new ArrayList<>();
        for (ListenerQueue listener : snapshot.listeners()) {
            Endpoint local = new Endpoint(SsOutput.address(listener.address()), listener.port());
            Row row = ss.stream().filter(r -> r.local().equals(local)).findFirst()
                    .orElseThrow(() -> new AssertionError("ss -ltn has no listener " + local + ": " + ss));
            checks.add(() -> assertEquals(row.recvQ(), listener.acceptQueue(), "accept queue of " + local));
            checks.add(() -> assertEquals(row.sendQ(), listener.backlog(), "backlog of " + local));
        }
        ListenerQueue full = snapshot.listeners().stream().filter(l -> l.port() == KnownSockets.FULL).findFirst().orElseThrow();
        checks.add(() -> assertEquals(KnownSockets.QUEUED, full.acceptQueue(), "backlog + 1 queued"));
        checks.add(() -> assertEquals(KnownSockets.BACKLOG, full.backlog()));
        checks.add(() -> assertTrue(full.full(), "the fixture's full listener reads as full"));
        checks.add(() -> assertEquals(KnownSockets.FULL, snapshot.listeners().get(0).port(), "fullest queue first"));
        assertAll(checks);
    }

    @Test
    void destinationsMatchSsOutboundSocketsGroupedByPeer() {
        Map<Endpoint, List<Row>> ss = before.sockets().destinations();
        assertEquals(ss.size(), snapshot.topDestinations().size(),
                "destinations: ss " + ss.keySet() + ", agent " + snapshot.topDestinations());
        List<Executable> checks = new ArrayList<>();
        for (DestinationUsage destination : snapshot.topDestinations()) {
            checks.add(() -> assertTrue(destination.address().indexOf('.') < 0 || !destination.address().contains(":"),
                    "IPv4-mapped shown as IPv4: " + destination.address()));
            List<Row> rows = ss.get(new Endpoint(SsOutput.address(destination.address()), destination.port()));
            if (rows == null) {
                checks.add(() -> {
                    throw new AssertionError("ss has no outbound sockets to " + destination.endpoint() + ": " + ss.keySet());
                });
                continue;
            }
            String at = destination.endpoint();
            checks.add(() -> assertEquals(Tally.of(rows), new Tally(destination.total(), destination.states()), at));
            checks.add(() -> assertEquals(SsOutput.ephemeral(rows, before::ephemeral), destination.ephemeralPortsInUse(),
                    "ephemeral ports toward " + at));
            checks.add(() -> assertEquals(before.portRangeSize(), destination.ephemeralRangeSize(), "range size"));
            checks.add(() -> assertEquals(SsOutput.pids(rows), Set.copyOf(destination.pids().stream().map(Integer::longValue).toList()),
                    "pids toward " + at));
        }
        assertAll(checks);
    }

    @Test
    void theFixturesSocketsAreAttributedToIt() {
        ProcessSockets process = snapshot.processes().stream().filter(p -> p.pid() == fixture.pid()).findFirst()
                .orElseThrow(() -> new AssertionError("fixture pid " + fixture.pid() + " not in " + snapshot.processes()));
        assertAll(
                () -> assertEquals(before.sockets().process(fixture.pid()), new Tally(process.total(), process.states())),
                () -> assertEquals("java", process.name()),
                () -> assertEquals(ProcessSockets.Runtime.JAVA, process.runtime()),
                () -> assertTrue(process.commandLine().contains("SocketFixture"), process.commandLine()),
                // the agent ran and exited; the fixture is the only process holding sockets here
                () -> assertEquals(1, snapshot.processes().size(), "processes " + snapshot.processes()));
    }

    @Test
    void socketMemoryMatchesSockstatAndSsSummary() {
        SocketMemory memory = snapshot.socketMemory();
        assertNotNull(memory, "socketMemory; unavailable: " + snapshot.unavailable());
        Map<String, Long> sockstat = before.sockstat();
        assertAll(
                // per namespace: exact
                () -> assertEquals(sockstat.get("TCP.inuse"), memory.tcpInUse(), "TCP inuse"),
                () -> assertEquals(sockstat.get("TCP6.inuse"), memory.tcp6InUse(), "TCP6 inuse"),
                () -> assertEquals(sockstat.get("TCP.tw"), memory.timeWait(), "tw"),
                () -> assertEquals(before.summary().inUseIpv4(), memory.tcpInUse(), "ss -s IP"),
                () -> assertEquals(before.summary().inUseIpv6(), memory.tcp6InUse(), "ss -s IPv6"),
                () -> assertEquals(before.summary().timewait(), memory.timeWait(), "ss -s timewait"),
                () -> assertEquals(before.summary().estab(), snapshot.count(TcpState.ESTABLISHED) + snapshot.count(TcpState.CLOSE_WAIT),
                        "ss -s estab (CurrEstab)"),
                // host-wide counters other processes on this machine move: within what they read while it ran
                () -> hostWide.assertWithin("TCP.alloc", memory.allocated()),
                () -> hostWide.assertWithin("TCP.orphan", memory.orphans()),
                () -> hostWide.assertWithin("TCP.mem", memory.memPages()));
    }

    /** The namespace has no file for host-wide sysctls: that is not a kernel lacking them. */
    @Test
    void hostWideSysctlsAreReportedUnreadableHereNotAbsent() {
        String hostWide = "host-wide, not readable in this network namespace";
        assertAll(
                () -> assertEquals(hostWide, snapshot.unavailable().get("sysctl net.ipv4.tcp_mem")),
                () -> assertEquals(hostWide, snapshot.unavailable().get("sysctl net.ipv4.tcp_max_orphans")),
                () -> assertEquals(hostWide, snapshot.unavailable().get("sysctl net.core.netdev_max_backlog")),
                () -> assertEquals("sys/net/ipv4/tcp_mem: " + hostWide,
                        snapshot.unavailable().get("socketMemory.limits")));
    }

    @Test
    void collectionTimeIsReported() {
        assertTrue(snapshot.collectionMicros() > 0, "collectionMicros " + snapshot.collectionMicros());
    }

    /**
     * Host-wide figures (sockets allocated, orphans, memory pages: the kernel counts them across namespaces) move
     * with every other process on this machine, within milliseconds (a burst of another test's traffic): so the
     * agent's reading must lie within the lowest and highest read while it ran, and a little, close enough to tell
     * the right field from a wrong one, which would be off by far more.
     */
    record HostWideRange(Map<String, Long> lowest, Map<String, Long> highest) {
        private static final long SLACK = 16;

        void assertWithin(String figure, long actual) {
            long low = lowest.get(figure) - SLACK;
            long high = highest.get(figure) + SLACK;
            assertTrue(actual >= low && actual <= high, figure + " " + actual + " not within " + low + ".." + high
                    + ", what it read while the agent ran (" + SLACK + " either side)");
        }

        /** Reads this process's /proc/net/sockstat (the same host-wide figures) until stopped. */
        static Sampler sample() {
            Sampler sampler = new Sampler();
            sampler.thread.setDaemon(true); // never what keeps the test's JVM up
            sampler.thread.start();
            return sampler;
        }

        static final class Sampler {
            private final Map<String, Long> lowest = new ConcurrentHashMap<>();
            private final Map<String, Long> highest = new ConcurrentHashMap<>();
            private volatile boolean stopped;
            private final Thread thread = new Thread(() -> {
                do {
                    read();
                    LockSupport.parkNanos(1_000_000); // a reading a millisecond leaves the agent its CPU
                } while (!stopped);
            }, "sockstat-sampler");

            private void read() {
                try {
                    Map<String, Long> reading = NamespaceReading.sockstat(Files.readString(
                            Path.of("/proc/net/sockstat")));
                    reading.forEach((key, value) -> {
                        lowest.merge(key, value, Math::min);
                        highest.merge(key, value, Math::max);
                    });
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }

            HostWideRange stop() {
                stopped = true;
                try {
                    thread.join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                read(); // at least one reading, however quickly the agent ran
                return new HostWideRange(Map.copyOf(lowest), Map.copyOf(highest));
            }
        }
    }
}
