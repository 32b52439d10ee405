package dev.tcpfleet.simulator;

import dev.tcpfleet.protocol.HostIdentity;
import dev.tcpfleet.protocol.HostLimits;
import dev.tcpfleet.protocol.HostSnapshot;
import dev.tcpfleet.protocol.KeyChange;
import dev.tcpfleet.protocol.LoadAverage;
import dev.tcpfleet.protocol.SocketMemory;
import dev.tcpfleet.protocol.TcpCounters;
import dev.tcpfleet.protocol.TcpState;
import dev.tcpfleet.protocol.TuningOutcome;
import dev.tcpfleet.protocol.TuningResult;
import dev.tcpfleet.protocol.commands.TuningCommand;
import dev.tcpfleet.protocol.stress.ConnectLatencies;
import dev.tcpfleet.protocol.stress.FailureClass;
import dev.tcpfleet.protocol.stress.LatencySummary;
import dev.tcpfleet.protocol.stress.StressRequest;
import dev.tcpfleet.protocol.stress.StressResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;
import org.HdrHistogram.Histogram;

/**
 * One virtual host: figures that wander around a level of its own (so a fleet has busy and quiet hosts, and
 * trends have something to show), counters that only grow, sysctls that tuning commands really change and roll
 * back, and stress tests answered with a plausible latency histogram. Confirm windows are not simulated: an apply
 * stays until rolled back. Pure and single-threaded: the simulator calls it from one thread at a time.
 *
 * <p>The noise model, realistic enough that canary analysis is exercised rather than luck:
 * <ul>
 * <li>a level per host ({@code busyness}: its ESTABLISHED connections, 20 to 1,520);</li>
 * <li>a slow load trend every host shares, a function of the clock ({@link #DEFAULT_TREND}: ±20 % over an hour;
 * {@link #loadTrend} sets another, so a test can make the load rise or fall fleet-wide);</li>
 * <li>AR(1)-correlated multiplicative noise (φ = {@value #NOISE_PHI}): TIME_WAIT is ESTABLISHED times a factor
 * between 1 and 3 (the spread real hosts show between snapshots) that drifts from one snapshot to the next rather
 * than jumping;</li>
 * <li>rare bursts (one snapshot in {@value #BURST_ONE_IN} starts one): TIME_WAIT doubles to triples for 5 to 15
 * snapshots, as a short-connection storm does;</li>
 * <li>TIME_WAIT capped at {@code net.ipv4.tcp_max_tw_buckets}, as the kernel destroys sockets beyond it: an apply
 * lowering it really lowers the figure.</li>
 * </ul>
 */
public final class SimulatedHost {
    /** The sysctls a host starts with: Debian's defaults for the keys profiles usually manage. */
    static final Map<String, String> DEFAULT_SYSCTLS = Map.of(
            "net.core.somaxconn", "4096",
            "net.ipv4.tcp_fin_timeout", "60",
            "net.ipv4.tcp_keepalive_time", "7200",
            "net.ipv4.tcp_max_syn_backlog", "1024",
            "net.ipv4.tcp_tw_reuse", "2",
            "net.ipv4.tcp_max_tw_buckets", "262144",
            "net.ipv4.ip_local_port_range", "32768\t60999");

    /** The shared load trend by default: ±20 % over an hour, the same for every host at the same instant. */
    public static final ToDoubleFunction<Instant> DEFAULT_TREND = at -> 1 + 0.2 * Math.sin(
            2 * Math.PI * (at.getEpochSecond() % 3_600) / 3_600.0);
    static final double NOISE_PHI = 0.6;
    static final int BURST_ONE_IN = 300;

    /** Commands a host remembers the result (and an apply its backup) of. */
    static final int REMEMBERED = 32;

    private final HostIdentity identity;
    private final Random random;
    private final int busyness;
    private final Map<String, String> sysctls = new TreeMap<>(DEFAULT_SYSCTLS);
    /** What each recent apply changed, by its command id, for its rollback. */
    private final Map<String, Map<String, String>> backups = newestOnly();
    /** Each recent command's result, so a redelivered command is answered as it was the first time. */
    private final Map<String, TuningResult> answered = newestOnly();
    private String lastApply;
    private long retransSegs;
    private long listenOverflows;
    private long outSegs;
    private Instant previousAt;
    private Map<String, Long> lastTotals = Map.of();
    private ToDoubleFunction<Instant> loadTrend = DEFAULT_TREND;
    /** The AR(1) noise's state, a standard normal variable correlated with its previous value. */
    private double noise;
    private int burstLeft;
    private double burstFactor = 1;

    /**
     * A map keeping its {@link #REMEMBERED} newest entries: ten thousand hosts in one process cannot remember every
     * command of a long run. A real agent's journal keeps more, but a redelivery older than this is long expired.
     */
    private static <V> Map<String, V> newestOnly() {
        return new LinkedHashMap<>() {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
                return size() > REMEMBERED;
            }
        };
    }

    public SimulatedHost(String hostId, Map<String, String> labels, long seed) {
        this.identity = new HostIdentity(hostId, hostId + ".sim", labels, "simulator");
        this.random = new Random(seed);
        this.busyness = 20 + random.nextInt(1_500);
    }

    public String hostId() {
        return identity.hostId();
    }

    public Map<String, String> sysctls() {
        return Map.copyOf(sysctls);
    }

    /** Replaces the shared load trend (a factor of the host's level, by instant); give every host the same one. */
    public void loadTrend(ToDoubleFunction<Instant> trend) {
        this.loadTrend = trend;
    }

    /** The host's snapshot at {@code now}: its figures moved on a little since the last one. */
    public HostSnapshot snapshot(Instant now) {
        double level = busyness * loadTrend.applyAsDouble(now);
        int established = Math.max(0, (int) (level + random.nextGaussian() * level * 0.1));
        noise = NOISE_PHI * noise + Math.sqrt(1 - NOISE_PHI * NOISE_PHI) * random.nextGaussian();
        double spread = Math.min(3, Math.max(1, 2 * Math.exp(0.35 * noise)));
        if (burstLeft == 0 && random.nextInt(BURST_ONE_IN) == 0) {
            burstLeft = 5 + random.nextInt(11);
            burstFactor = 2 + random.nextDouble();
        }
        double burst = burstLeft > 0 ? burstFactor : 1;
        burstLeft = Math.max(0, burstLeft - 1);
        int timeWait = (int) Math.min(established * spread * burst, maxTimeWait());
        Map<TcpState, Integer> states = new EnumMap<>(TcpState.class);
        states.put(TcpState.ESTABLISHED, established);
        states.put(TcpState.TIME_WAIT, timeWait);
        states.put(TcpState.LISTEN, 4 + busyness % 7);
        states.put(TcpState.CLOSE_WAIT, random.nextInt(1 + busyness / 200));
        states.put(TcpState.SYN_RECV, random.nextInt(3));

        double seconds = previousAt == null ? 0 : Math.max(0.001, Duration.between(previousAt, now).toMillis() / 1e3);
        long newSegs = (long) (established * 20 * Math.max(seconds, 1));
        outSegs += newSegs;
        retransSegs += (long) (newSegs * 0.002 * random.nextDouble());
        listenOverflows += random.nextInt(100) == 0 ? random.nextInt(20) : 0;
        Map<String, Long> totals = Map.of("OutSegs", outSegs, "RetransSegs", retransSegs,
                "ListenOverflows", listenOverflows);
        TcpCounters counters = previousAt == null ? new TcpCounters(totals, null, null, null)
                : new TcpCounters(totals, rates(totals, seconds), seconds, null);
        previousAt = now;
        lastTotals = totals;

        long conntrackMax = 262_144;
        double load = busyness / 400.0 + random.nextDouble() * 0.3;
        return new HostSnapshot(HostSnapshot.SCHEMA_VERSION, identity, now, 800 + random.nextInt(400), states,
                null, null, null, null,
                new SocketMemory(established + timeWait / 10, 0, random.nextInt(5), timeWait, established + 50,
                        established / 4 + 10, 4096, new SocketMemory.TcpMemLimits(92_000, 122_000, 184_000)),
                counters, new HostLimits((long) (established * 1.5), conntrackMax, 2_000L + established, 9_000_000L),
                null, sysctls, List.of("reno", "cubic"), new LoadAverage(load, load * 0.9, load * 0.8), null, null,
                null, List.of());
    }

    /** {@code net.ipv4.tcp_max_tw_buckets}: the kernel keeps no more TIME_WAIT sockets than this. */
    private long maxTimeWait() {
        try {
            return Long.parseLong(sysctls.get("net.ipv4.tcp_max_tw_buckets").trim());
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE; // an apply wrote something the kernel would refuse; nothing to cap by
        }
    }

    private Map<String, Double> rates(Map<String, Long> totals, double seconds) {
        Map<String, Double> rates = new TreeMap<>();
        totals.forEach((counter, total) -> rates.put(counter,
                (total - lastTotals.getOrDefault(counter, total)) / seconds));
        return rates;
    }

    /** Runs a verified tuning command as an agent would, once per command id. */
    public TuningResult handle(TuningCommand command, Instant now) {
        TuningResult earlier = answered.get(command.commandId());
        if (earlier != null) {
            return earlier;
        }
        TuningResult result = switch (command.action()) {
            case APPLY -> apply(command, now);
            case ROLLBACK -> rollback(command, now);
            case CONFIRM -> result(command, TuningOutcome.CONFIRMED, List.of(), List.of(), now);
        };
        answered.put(command.commandId(), result);
        return result;
    }

    private TuningResult apply(TuningCommand command, Instant now) {
        List<String> unknown = command.settings().keySet().stream().filter(key -> !sysctls.containsKey(key))
                .map(key -> key + ": this host has no such sysctl").toList();
        if (!unknown.isEmpty()) {
            return result(command, TuningOutcome.REJECTED, List.of(), unknown, now);
        }
        List<KeyChange> changes = new ArrayList<>();
        Map<String, String> before = new LinkedHashMap<>();
        command.settings().forEach((key, desired) -> {
            String old = sysctls.get(key);
            before.put(key, old);
            String after = command.dryRun() ? old : desired;
            changes.add(new KeyChange(key, old, desired, after));
        });
        if (command.dryRun()) {
            return result(command, TuningOutcome.PLANNED, changes, List.of(), now);
        }
        if (changes.stream().allMatch(change -> change.before().equals(change.desired()))) {
            return result(command, TuningOutcome.UNCHANGED, changes, List.of(), now);
        }
        sysctls.putAll(command.settings());
        backups.put(command.commandId(), before);
        lastApply = command.commandId();
        return result(command, TuningOutcome.APPLIED, changes, List.of(), now);
    }

    private TuningResult rollback(TuningCommand command, Instant now) {
        String target = command.target() == null ? lastApply : command.target();
        Map<String, String> backup = target == null ? null : backups.remove(target);
        if (backup == null) {
            return result(command, TuningOutcome.REJECTED, List.of(), List.of("no apply " + target
                    + " to roll back on this host"), now);
        }
        List<KeyChange> changes = new ArrayList<>();
        backup.forEach((key, old) -> changes.add(new KeyChange(key, sysctls.get(key), old, old)));
        sysctls.putAll(backup);
        return result(command, TuningOutcome.REVERTED, changes, List.of(), now);
    }

    /** A stress test's result as if it ran: a few failures, connect latencies around a host-specific median. */
    public StressResult stress(StressRequest request, Instant now) {
        Histogram latencies = ConnectLatencies.newHistogram();
        double medianMicros = 150 + busyness / 4.0;
        long failed = 0;
        for (int i = 0; i < request.connections(); i++) {
            if (random.nextInt(1_000) == 0) {
                failed++;
            } else {
                latencies.recordValue((long) (medianMicros * Math.exp(random.nextGaussian() * 0.4)));
            }
        }
        long successes = request.connections() - failed;
        long elapsedMillis = Math.max(1, request.connections() * 1_000L / (request.maxRate() == null ? 1_000
                : Math.max(1, request.maxRate())));
        return new StressResult(StressRequest.SCHEMA_VERSION, request.testId(), request.kind(), request.host() + ":"
                + request.port(), null, request.connections(), successes, Map.of(FailureClass.TIMEOUT, failed), 0,
                elapsedMillis, successes * 1_000.0 / elapsedMillis, 0, ConnectLatencies.encode(latencies),
                LatencySummary.of(latencies), now);
    }

    private TuningResult result(TuningCommand command, TuningOutcome outcome, List<KeyChange> changes,
            List<String> reasons, Instant now) {
        return new TuningResult(command.commandId(), hostId(), outcome, changes, null, reasons, List.of(), now, null);
    }
}
