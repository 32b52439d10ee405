package dev.tcpfleet.domain.alerts;

import dev.tcpfleet.domain.metrics.SnapshotMetric;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.function.Predicate;

/**
 * How a fleet rule combines the figures of the hosts it covers into the one figure it judges.
 *
 * <p>{@code P95} is the nearest-rank percentile: the ⌈0.95·n⌉-th smallest of the n figures, the smallest one that
 * at least 95 % of them are at or below. It is always some host's actual figure, never an interpolation between
 * two, and with fewer than 20 hosts it is their maximum.
 */
public enum FleetAggregate {
    SUM, AVG, MAX, P95;

    /** This aggregate of {@code values}; empty when there are none: no host has the figure, which is not 0. */
    public OptionalDouble of(double[] values) {
        if (values.length == 0) {
            return OptionalDouble.empty();
        }
        return switch (this) {
            case SUM -> OptionalDouble.of(Arrays.stream(values).sum());
            case AVG -> Arrays.stream(values).average();
            case MAX -> Arrays.stream(values).max();
            case P95 -> {
                double[] sorted = values.clone();
                Arrays.sort(sorted);
                yield OptionalDouble.of(sorted[(int) Math.ceil(0.95 * sorted.length) - 1]);
            }
        };
    }

    /**
     * The figure a fleet rule judges at {@code at}: this aggregate of {@code metric} over the hosts whose labels
     * {@code selects} accepts. A host stale at {@code at} (its figures collected more than {@code staleAfter}
     * before) is left out, as fleet operations leave it out, and so is one whose snapshot lacks the figure.
     */
    public OptionalDouble over(Collection<HostFigures> hosts, SnapshotMetric metric,
            Predicate<Map<String, String>> selects, Instant at, Duration staleAfter) {
        Instant freshSince = at.minus(staleAfter);
        return of(hosts.stream()
                .filter(host -> !host.collectedAt().isBefore(freshSince) && selects.test(host.labels()))
                .map(host -> host.values().get(metric))
                .filter(Objects::nonNull)
                .mapToDouble(Double::doubleValue)
                .toArray());
    }
}
