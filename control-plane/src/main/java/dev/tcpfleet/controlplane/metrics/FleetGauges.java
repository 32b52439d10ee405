package dev.tcpfleet.controlplane.metrics;

import dev.tcpfleet.controlplane.ControlPlaneConfig;
import dev.tcpfleet.controlplane.alerts.StaleHostAlerts;
import dev.tcpfleet.controlplane.rollouts.RolloutState;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * The fleet's state as gauges: hosts by state, alerts firing by rule and severity, rollouts by state, campaigns
 * running. They are counted in one query on a schedule ({@code tcpfleet.metrics.refresh}), not per scrape, and from
 * the database, so every instance reports the same figures: a dashboard takes any one of them (max, not sum). No
 * label names a host, so the series stay as few as the states, rules and severities.
 */
@Startup // its meters exist from the start, before anything uses it
@ApplicationScoped
public class FleetGauges {
    private static final Logger LOG = Logger.getLogger(FleetGauges.class);
    static final List<String> HOST_STATES = List.of("pending", "reporting", "stale");

    /**
     * (family, first label, second label, count). A host is pending while its enrolment waits for a decision;
     * otherwise (accepted, or from before enrolment existed) it is reporting if it sent a snapshot within
     * {@code tcpfleet.hosts.stale-after}, stale if it did not. Rejected and revoked hosts are left out. Alerts of a
     * deleted rule are left out, as the API leaves them out; host-stale has no rule row and is a warning, as the API
     * and Alertmanager show it.
     */
    private static final String COUNTS = """
            SELECT 'hosts', state, '', count(*) FROM (
                SELECT CASE WHEN e.status = 'pending' THEN 'pending'
                            WHEN h.last_seen >= CAST(?1 AS timestamptz) THEN 'reporting' ELSE 'stale' END AS state
                FROM host_enrolments e FULL JOIN hosts h ON h.id = e.host_id
                WHERE e.status = 'pending' OR (h.id IS NOT NULL AND (e.status IS NULL OR e.status = 'accepted'))
            ) s GROUP BY state
            UNION ALL
            SELECT 'alerts', a.rule, coalesce(lower(r.severity), 'warning'), count(*)
            FROM alerts a LEFT JOIN alert_rules r ON r.name = a.rule
            WHERE a.status = 'FIRING' AND (r.name IS NOT NULL OR a.rule = ?2) GROUP BY 2, 3
            UNION ALL
            SELECT 'rollouts', lower(state), '', count(*) FROM rollouts GROUP BY 2
            UNION ALL
            SELECT 'campaigns', '', '', count(*) FROM campaigns WHERE stopped_at IS NULL AND deadline > now()
            """;

    private final EntityManager em;
    private final Duration staleAfter;
    private final MultiGauge alertsFiring;
    private volatile Map<String, Long> hosts = Map.of();
    private volatile Map<String, Long> rollouts = Map.of();
    private volatile long campaignsRunning;

    FleetGauges(EntityManager em, ControlPlaneConfig config, MeterRegistry registry) {
        this.em = em;
        this.staleAfter = config.hosts().staleAfter();
        for (String state : HOST_STATES) {
            Gauge.builder("tcpfleet.hosts", () -> hosts.getOrDefault(state, 0L))
                    .description("hosts by state: pending (enrolment awaits a decision), reporting (a snapshot within"
                            + " tcpfleet.hosts.stale-after), stale (none since)")
                    .tag("state", state).register(registry);
        }
        for (RolloutState state : RolloutState.values()) {
            String word = state.name().toLowerCase(Locale.ROOT);
            Gauge.builder("tcpfleet.rollouts", () -> rollouts.getOrDefault(word, 0L))
                    .description("rollouts in each state, ended ones included").tag("state", word).register(registry);
        }
        Gauge.builder("tcpfleet.campaigns.running", () -> campaignsRunning)
                .description("stress and latency campaigns neither stopped nor past their deadline").register(registry);
        this.alertsFiring = MultiGauge.builder("tcpfleet.alerts.firing")
                .description("alerts firing now, by rule and severity (a fleet alert counts once)").register(registry);
    }

    @Scheduled(every = "${tcpfleet.metrics.refresh}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void refresh() {
        List<?> rows;
        try {
            rows = QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(COUNTS)
                    .setParameter(1, Instant.now().minus(staleAfter).toString())
                    .setParameter(2, StaleHostAlerts.RULE).getResultList());
        } catch (RuntimeException e) { // the last figures stay; /q/health says the database is down
            LOG.debugf("fleet gauges not refreshed: %s", e.getMessage());
            return;
        }
        Map<String, Long> hostCounts = new HashMap<>();
        Map<String, Long> rolloutCounts = new HashMap<>();
        List<MultiGauge.Row<?>> firing = new ArrayList<>();
        long campaigns = 0;
        for (Object row : rows) {
            Object[] columns = (Object[]) row;
            String first = (String) columns[1];
            long count = ((Number) columns[3]).longValue();
            switch ((String) columns[0]) {
                case "hosts" -> hostCounts.put(first, count);
                case "rollouts" -> rolloutCounts.put(first, count);
                case "campaigns" -> campaigns = count;
                default -> firing.add(MultiGauge.Row.of(Tags.of("rule", first, "severity", (String) columns[2]),
                        count));
            }
        }
        hosts = hostCounts;
        rollouts = rolloutCounts;
        campaignsRunning = campaigns;
        alertsFiring.register(firing, true);
    }
}
