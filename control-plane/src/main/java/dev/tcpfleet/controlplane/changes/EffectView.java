package dev.tcpfleet.controlplane.changes;

import dev.tcpfleet.domain.changes.ApplyEffect;
import dev.tcpfleet.domain.metrics.SnapshotMetric;
import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An apply's measured effect on one host, as the API shows it and {@code command_hosts.effect} keeps it.
 *
 * @param baselineAt     when the snapshot before the apply was collected; null when the host had none
 * @param from           the effect window: from when the host answered...
 * @param to             ...to {@code tcpfleet.changes.effect-window} later
 * @param snapshotsAfter the snapshots in the window; 0 when the host reported none, and then {@code metrics} is empty
 * @param metrics        by the metric's API name: before, the mean after, and how many snapshots after carried it
 */
public record EffectView(Instant measuredAt, Instant baselineAt, Instant from, Instant to, int snapshotsAfter,
        Map<String, ApplyEffect.Figure> metrics) {

    static EffectView of(ApplyEffect effect, Instant measuredAt, Instant from, Instant to) {
        Map<String, ApplyEffect.Figure> metrics = new LinkedHashMap<>();
        effect.figures().forEach((metric, figure) -> metrics.put(metric.apiName(), figure));
        return new EffectView(measuredAt, effect.baselineAt(), from, to, effect.snapshotsAfter(), metrics);
    }

    ApplyEffect toEffect() {
        Map<SnapshotMetric, ApplyEffect.Figure> figures = new EnumMap<>(SnapshotMetric.class);
        // a metric renamed since the effect was stored is left out, as one the snapshots lacked
        metrics.forEach((name, figure) -> SnapshotMetric.byApiName(name)
                .ifPresent(metric -> figures.put(metric, figure)));
        return new ApplyEffect(baselineAt, snapshotsAfter, figures);
    }
}
