package dev.tcpfleet.controlplane.alerts;

import dev.tcpfleet.controlplane.ControlPlaneConfig;
import dev.tcpfleet.domain.alerts.AlertLifecycle;
import dev.tcpfleet.domain.alerts.AlertRule;
import dev.tcpfleet.domain.alerts.AlertState;
import dev.tcpfleet.protocol.AlertEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jboss.logging.Logger;

/**
 * Moves an alert, whatever its subject, and records the move in the caller's transaction: the new state, and an
 * event in the outbox when its status changed.
 */
@ApplicationScoped
public class AlertTransitions {
    private static final Logger LOG = Logger.getLogger(AlertTransitions.class);
    private final AlertStore store;
    private final AlertEventStore events;
    private final boolean webhook;
    private final TransitionTally tally = new TransitionTally();

    AlertTransitions(AlertStore store, AlertEventStore events, ControlPlaneConfig config) {
        this.store = store;
        this.events = events;
        this.webhook = config.alerts().webhookUrl().isPresent();
    }

    /** One INFO line a minute whatever the fleet's size; each move is at DEBUG, and in alert_events. */
    @Scheduled(every = "1m", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void summarize() {
        tally.drain().ifPresent(moves -> LOG.infof("alert moves judged in the last minute: %s", moves));
    }

    /**
     * Judges {@code rule}'s alert on {@code subject}, which stood at {@code before}, on a new figure.
     *
     * @return the state it stands at now
     */
    @Transactional(Transactional.TxType.MANDATORY)
    AlertState judge(AlertRule rule, AlertSubject subject, AlertState before, double value, Instant at) {
        Batch one = batch();
        AlertState after = one.judge(rule, subject, before, value, at);
        one.flush();
        return after;
    }

    /** Judgements to make together, their alert rows written in one statement by {@link Batch#flush()}. */
    Batch batch() {
        return new Batch(true);
    }

    /**
     * As {@link #batch()}, for the host rules a batch of snapshots is judged on: an alert that is quiet (ok or
     * resolved) and stays so is not written, its row keeping the figure and time it went quiet on. Written, every
     * rule of every host on every snapshot was most of ingest's database work: 4.4 alert rows updated per snapshot
     * stored in bench/ingest.sh. A quiet alert's stored time is then the time it went quiet, not its last figure's:
     * {@link AlertEvaluator} keeps late snapshots out by the host's newest one stored instead.
     */
    Batch quietUnwritten() {
        return new Batch(false);
    }

    /**
     * A batch of snapshots moves many alerts, most of them only their last value: a statement each would cost more
     * than storing the snapshots. The rows (last state of each) and the events (in the order they happened) are
     * written at the end, a statement each.
     */
    final class Batch {
        private final Map<String, AlertStore.Row> rows = new TreeMap<>();
        private final List<AlertEventStore.Change> changes = new ArrayList<>();
        private final boolean quietWritten;

        private Batch(boolean quietWritten) {
            this.quietWritten = quietWritten;
        }

        /** As {@link AlertTransitions#judge}, the row and event written by {@link #flush()}. */
        AlertState judge(AlertRule rule, AlertSubject subject, AlertState before, double value, Instant at) {
            AlertState after = AlertLifecycle.next(rule, before, value, at);
            move(rule.name(), rule.severity().name(), rule.metric().apiName(), rule.threshold(), subject, before,
                    after);
            return after;
        }

        /** Records an alert's move from {@code before} to {@code after}, judged on {@code after}'s value and time. */
        void move(String rule, String severity, String metric, double threshold, AlertSubject subject,
                AlertState before, AlertState after) {
            if (!after.equals(before) && (quietWritten || after.status() != before.status() || !quiet(after))) {
                rows.put(rule + '\u0000' + subject.id(), new AlertStore.Row(rule, subject, after));
            }
            if (after.status() != before.status()) {
                LOG.debugf("alert %s on %s: %s -> %s (%s = %s)", rule, subject.id(), before.status(), after.status(),
                        metric, after.lastValue());
                tally.count(before.status(), after.status());
                // pending and back-to-ok changes go to the topic only: paging on them would be noise
                boolean notify = webhook && (after.status() == AlertState.Status.FIRING
                        || after.status() == AlertState.Status.RESOLVED);
                changes.add(new AlertEventStore.Change(new AlertEvent(AlertEvent.SCHEMA_VERSION, 0, rule,
                        subject.id(), subject.hostId(), severity, before.status().name(), after.status().name(),
                        metric, after.lastValue(), threshold, after.evaluatedAt()), notify));
            }
        }

        private static boolean quiet(AlertState state) {
            return state.status() == AlertState.Status.OK || state.status() == AlertState.Status.RESOLVED;
        }

        void flush() {
            store.save(rows.values());
            rows.clear();
            events.add(changes);
            changes.clear();
        }
    }
}
