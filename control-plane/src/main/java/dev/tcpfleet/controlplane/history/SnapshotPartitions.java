package dev.tcpfleet.controlplane.history;

import dev.tcpfleet.controlplane.ControlPlaneConfig;
import dev.tcpfleet.controlplane.sql.SqlTimes;
import dev.tcpfleet.controlplane.leases.Lease;
import dev.tcpfleet.controlplane.leases.Leases;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Keeps the snapshot history's daily partitions: made {@code tcpfleet.history.partitions-ahead} days ahead, and
 * dropped whole once older than the retention, with the rollups (the hosts' and the fleet's) past theirs. Runs at
 * start-up and every hour.
 */
@ApplicationScoped
public class SnapshotPartitions {
    private static final Logger LOG = Logger.getLogger(SnapshotPartitions.class);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd");

    private final EntityManager em;
    private final ControlPlaneConfig.History config;
    private final Leases leases;

    SnapshotPartitions(EntityManager em, ControlPlaneConfig config, Leases leases) {
        this.leases = leases;
        this.em = em;
        this.config = config.history();
    }

    void atStart(@Observes StartupEvent event) {
        try {
            maintain(Instant.now());
        } catch (RuntimeException e) {
            // another instance starting at the same moment made the same partition between our check and create
            LOG.infof("snapshot partitions made by another instance meanwhile, checking again: %s", e.getMessage());
            maintain(Instant.now());
        }
    }

    @Scheduled(every = "1h", delayed = "1h", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void hourly() {
        if (leases.hold(Lease.HOUSEKEEPING)) {
            maintain(Instant.now());
        }
    }

    /** Makes the partitions due by {@code now} and drops what is past retention; returns the days dropped. */
    @Transactional
    public List<LocalDate> maintain(Instant now) {
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        for (int ahead = 0; ahead <= config.partitionsAhead(); ahead++) {
            em.createNativeQuery("SELECT tcpfleet_ensure_snapshot_partition(CAST(?1 AS date))")
                    .setParameter(1, today.plusDays(ahead).toString()).getSingleResult();
        }
        Instant cutoff = now.minus(config.retention());
        // a day's partition goes once all of it is past the cutoff
        LocalDate lastDropped = LocalDate.ofInstant(cutoff, ZoneOffset.UTC).minusDays(1);
        @SuppressWarnings("unchecked")
        List<String> partitions = em.createNativeQuery("""
                SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
                WHERE i.inhparent = 'snapshots'::regclass AND c.relname ~ '^snapshots_[0-9]{8}$'
                ORDER BY c.relname""").getResultList();
        List<LocalDate> dropped = partitions.stream()
                .map(name -> LocalDate.parse(name.substring("snapshots_".length()), DAY))
                .filter(day -> !day.isAfter(lastDropped))
                .toList();
        for (LocalDate day : dropped) {
            em.createNativeQuery("DROP TABLE snapshots_" + day.format(DAY)).executeUpdate();
        }
        em.createNativeQuery("DELETE FROM snapshots_default WHERE collected_at < ?1")
                .setParameter(1, SqlTimes.utc(cutoff)).executeUpdate();
        for (String rollups : List.of("snapshot_rollups", "fleet_rollups")) {
            em.createNativeQuery("DELETE FROM " + rollups + " WHERE bucket = '1m' AND bucket_start < ?1")
                    .setParameter(1, SqlTimes.utc(cutoff)).executeUpdate();
            em.createNativeQuery("DELETE FROM " + rollups + " WHERE bucket = '1h' AND bucket_start < ?1")
                    .setParameter(1, SqlTimes.utc(now.minus(config.hourlyRetention()))).executeUpdate();
        }
        if (!dropped.isEmpty()) {
            LOG.infof("dropped the snapshots of %s: older than %s", dropped, config.retention());
        }
        return dropped;
    }
}
