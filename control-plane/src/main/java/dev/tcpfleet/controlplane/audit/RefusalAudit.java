package dev.tcpfleet.controlplane.audit;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Unauthenticated requests in the audit trail, in aggregate: one row per source address, minute and route, whose
 * count grows, instead of a row per request (1,000 unauthenticated POSTs once added 5.8 MB to the trail).
 * <p>
 * Counted in memory and added every {@code tcpfleet.auth.refusal-flush-interval} (5 s), rather than one upsert per
 * request: a storm of refusals then costs a map update each and, whatever its rate, one upsert per source, minute
 * and route per interval, where an upsert each would cost a round trip and a lock on one hot row per refused request,
 * turning a 401 storm into a database storm. What it costs: a crash (not a stop, which flushes) loses at most the
 * last interval's counts, and the trail shows them that much later. Each instance counts its own requests and adds
 * to the same rows, so several instances sum.
 */
@ApplicationScoped
public class RefusalAudit {
    private static final Logger LOG = Logger.getLogger(RefusalAudit.class);
    /** Distinct (source, minute, route) held between flushes; past it, further sources are counted as one. */
    private static final int MAX_PENDING = 10_000;

    private final RefusalTally tally = new RefusalTally(MAX_PENDING);
    private final AuditLog log;

    RefusalAudit(AuditLog log) {
        this.log = log;
    }

    public void count(String source, String action) {
        tally.count(source, action, Instant.now());
    }

    @Scheduled(every = "${tcpfleet.auth.refusal-flush-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void flush() {
        Map<RefusalTally.Key, Long> counts = tally.drain();
        if (counts.isEmpty()) {
            return;
        }
        try {
            log.addRefusals(counts);
        } catch (RuntimeException e) {
            // put back for the next flush, within the tally's bound: an outage delays the counts and loses none
            counts.forEach(tally::add);
            LOG.warnf("could not add %d counts of unauthenticated requests to the audit trail; kept for the next try:"
                    + " %s", counts.size(), e.getMessage());
        }
    }

    void stopping(@Observes ShutdownEvent stop) {
        flush();
    }
}
