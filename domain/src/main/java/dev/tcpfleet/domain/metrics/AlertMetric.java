package dev.tcpfleet.domain.metrics;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** A figure an alert rule can judge: a snapshot's ({@link SnapshotMetric}) or a campaign's ({@link CampaignMetric}). */
public interface AlertMetric {
    String apiName();

    /** Every metric of both kinds, snapshot ones first. */
    static List<AlertMetric> all() {
        return Stream.<AlertMetric>concat(Stream.of(SnapshotMetric.values()), CampaignMetric.values().stream())
                .toList();
    }

    /** The metric the API calls {@code name}, of either kind. */
    static Optional<AlertMetric> byApiName(String name) {
        return all().stream().filter(metric -> metric.apiName().equals(name)).findFirst();
    }
}
