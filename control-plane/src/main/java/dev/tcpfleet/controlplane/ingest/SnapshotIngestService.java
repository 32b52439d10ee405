package dev.tcpfleet.controlplane.ingest;

import dev.tcpfleet.controlplane.history.FleetRollups;
import dev.tcpfleet.controlplane.history.HostBucketChange;
import dev.tcpfleet.controlplane.history.SnapshotRollups;
import dev.tcpfleet.controlplane.history.SnapshotStore;
import dev.tcpfleet.controlplane.ControlPlaneConfig;
import dev.tcpfleet.controlplane.messaging.StoreRetry;
import dev.tcpfleet.controlplane.alerts.AlertEvaluator;
import dev.tcpfleet.controlplane.alerts.HostFiguresStore;
import dev.tcpfleet.controlplane.enrolment.Envelope;
import dev.tcpfleet.controlplane.enrolment.HostAuthentication;
import dev.tcpfleet.controlplane.enrolment.RefusedMessage;
import dev.tcpfleet.controlplane.hosts.HostRegistry;
import dev.tcpfleet.domain.ingest.SnapshotBatch;
import dev.tcpfleet.protocol.HostSnapshot;
import dev.tcpfleet.protocol.MalformedMessageException;
import dev.tcpfleet.protocol.ProtocolJson;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Authenticates a batch of snapshots (see {@link HostAuthentication}) and stores those it admits with their rollups
 * (the hosts' and the fleet's), host alert judgements and the figures fleet rules read, and refreshes their hosts, in
 * a transaction of a few statements: a statement per kind of row, not per snapshot, is what lets ingest keep up with
 * a fleet. The batch is split by host over {@code tcpfleet.ingest-parallelism} such transactions run side by side,
 * which touch no row in common but the fleet's rollups (written last, in key order), so that one consumer uses more
 * than one core and one connection. That they cannot deadlock is not proven (ingest/DESIGN.md); one that did would
 * be stored again.
 */
@ApplicationScoped
@Startup // a bad parallelism is refused at start, not at the first batch, where it would be retried for ever
public class SnapshotIngestService {
    private static final Instant EARLIEST = Instant.parse("1970-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999Z");
    /** The default's cap: more parts than this gain little and take connections from everything else. */
    private static final int DEFAULT_MAX_PARALLELISM = 4;

    private final HostAuthentication authentication;
    private final HostRegistry hosts;
    private final SnapshotStore snapshots;
    private final SnapshotRollups rollups;
    private final FleetRollups fleetRollups;
    private final AlertEvaluator alerts;
    private final HostFiguresStore figures;
    private final Counter stored;
    private final Counter duplicates;
    private final int parallelism;
    /** Reads and stores all parts of a batch but the one the consumer's own thread takes. */
    private final ExecutorService helpers;

    SnapshotIngestService(HostAuthentication authentication, HostRegistry hosts, SnapshotStore snapshots,
            SnapshotRollups rollups, FleetRollups fleetRollups, AlertEvaluator alerts, HostFiguresStore figures,
            MeterRegistry registry, ControlPlaneConfig config,
            @ConfigProperty(name = "quarkus.datasource.jdbc.max-size", defaultValue = "20") int connections) {
        this.authentication = authentication;
        this.hosts = hosts;
        this.snapshots = snapshots;
        this.rollups = rollups;
        this.fleetRollups = fleetRollups;
        this.alerts = alerts;
        this.figures = figures;
        this.parallelism = config.ingestParallelism()
                .orElse(Math.min(Runtime.getRuntime().availableProcessors(), DEFAULT_MAX_PARALLELISM));
        // each part holds a connection while it stores: the API, leases and the other consumers need some too
        if (parallelism < 1 || parallelism > connections / 2) {
            throw new IllegalArgumentException("tcpfleet.ingest-parallelism is 1 to half of"
                    + " quarkus.datasource.jdbc.max-size (" + connections / 2 + "), got " + parallelism);
        }
        AtomicInteger threads = new AtomicInteger();
        this.helpers = parallelism == 1 ? null : Executors.newFixedThreadPool(parallelism - 1, work -> {
            Thread thread = new Thread(work, "tcpfleet-ingest-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.stored = Counter.builder("tcpfleet.snapshots.stored")
                .description("snapshots stored by this instance (redeliveries of stored ones not counted)")
                .register(registry);
        this.duplicates = Counter.builder("tcpfleet.snapshots.duplicates")
                .description("redelivered snapshots that were already stored").register(registry);
    }

    @PreDestroy
    void stop() {
        if (helpers != null) {
            helpers.shutdown();
        }
    }

    /**
     * Reads each body as a snapshot, in order, split over the same threads as the stores: reading the JSON is a
     * large share of ingest's work.
     */
    public List<StoreRetry.Read<ReceivedSnapshot>> readAll(List<? extends Message<byte[]>> records) {
        int size = Math.max(1, (records.size() + parallelism - 1) / parallelism);
        List<Callable<List<StoreRetry.Read<ReceivedSnapshot>>>> chunks = new ArrayList<>();
        for (int from = 0; from < records.size(); from += size) {
            List<? extends Message<byte[]>> chunk = records.subList(from, Math.min(from + size, records.size()));
            chunks.add(() -> chunk.stream().map(record -> StoreRetry.Read.of(SnapshotIngestService::read, record))
                    .toList());
        }
        return acrossThreads(chunks).stream().flatMap(List::stream).toList();
    }

    /**
     * A snapshot as it may be stored: one collected outside years 1970 to 9999 comes from a broken clock, and its
     * time is beyond what ingest computes with (microseconds since 1970 in a long) or PostgreSQL keeps.
     */
    private static ReceivedSnapshot read(Message<byte[]> record) {
        HostSnapshot snapshot = ProtocolJson.readSnapshot(record.getPayload());
        if (snapshot.collectedAt().isBefore(EARLIEST) || snapshot.collectedAt().isAfter(LATEST)) {
            throw new MalformedMessageException("HostSnapshot: field 'collectedAt': " + snapshot.collectedAt()
                    + " is not between " + EARLIEST + " and " + LATEST);
        }
        return new ReceivedSnapshot(snapshot, Envelope.of(record));
    }

    /**
     * Returns once every part of the batch is stored, or throws the first failure once every part has ended: the
     * whole batch is then stored again, the parts committed meanwhile adding nothing twice.
     *
     * @return the snapshots host authentication refused, each with its reason
     */
    public Map<ReceivedSnapshot, RefusedMessage> ingest(List<ReceivedSnapshot> batch) {
        Map<ReceivedSnapshot, RefusedMessage> refused = new IdentityHashMap<>();
        acrossThreads(SnapshotBatch.byHost(batch, parallelism, received -> received.snapshot().host().hostId())
                .stream().<Callable<Map<ReceivedSnapshot, RefusedMessage>>>map(part -> () -> storeCounted(part))
                .toList()).forEach(refused::putAll);
        return refused;
    }

    /**
     * Runs the first task on this thread and the others on the helpers, and returns their results in order once all
     * have ended, or throws the first failure. Every task is waited for, even when interrupted: a batch stored again
     * while its parts still run would store the same hosts twice at once.
     */
    private <T> List<T> acrossThreads(List<Callable<T>> tasks) {
        List<Future<T>> others = tasks.stream().skip(1).map(task -> helpers.submit(task)).toList();
        List<T> results = new ArrayList<>(tasks.size());
        RuntimeException failure = null;
        try {
            if (!tasks.isEmpty()) {
                results.add(tasks.get(0).call());
            }
        } catch (Exception e) {
            failure = unchecked(e);
        }
        boolean interrupted = false;
        for (Future<T> other : others) {
            while (true) {
                try {
                    results.add(other.get());
                    break;
                } catch (ExecutionException e) {
                    failure = failure != null ? failure : unchecked(e.getCause());
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (failure != null) {
            throw failure;
        }
        return results;
    }

    private static RuntimeException unchecked(Throwable e) {
        return e instanceof RuntimeException r ? r : new IllegalStateException(e);
    }

    /** Counted once the part is committed: a part rolled back is stored again, and would count twice. */
    private Map<ReceivedSnapshot, RefusedMessage> storeCounted(List<ReceivedSnapshot> part) {
        Map<ReceivedSnapshot, RefusedMessage> refused = new IdentityHashMap<>();
        int added = QuarkusTransaction.requiringNew().call(() -> store(part, refused));
        stored.increment(added);
        duplicates.increment(part.size() - refused.size() - added);
        return refused;
    }

    /**
     * Puts in {@code refused} the snapshots authentication refuses and stores the others.
     *
     * @return how many snapshots were new: only those count and are judged, a redelivered one must not count twice
     */
    private int store(List<ReceivedSnapshot> part, Map<ReceivedSnapshot, RefusedMessage> refused) {
        refused.clear(); // a try again starts afresh
        refused.putAll(authentication.refused(part, ReceivedSnapshot::claim));
        List<ReceivedSnapshot> batch = part.stream().filter(received -> !refused.containsKey(received)).toList();
        List<ReceivedSnapshot> distinct = SnapshotBatch.distinct(batch, ReceivedSnapshot::snapshot);
        hosts.recordSeen(SnapshotBatch.sightings(distinct.stream().map(ReceivedSnapshot::snapshot).toList()));
        List<HostSnapshot> added = snapshots.insert(distinct).stream().map(ReceivedSnapshot::snapshot).toList();
        List<HostBucketChange> moved = rollups.add(SnapshotBatch.rollups(added));
        alerts.judge(added);
        figures.record(added);
        // last: every part adds to the same fleet rows, locked from here until it commits
        fleetRollups.add(moved);
        return added.size();
    }
}
