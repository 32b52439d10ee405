package dev.tcpfleet.domain.metrics;

import java.util.List;

/** A figure of a stress campaign's merged result that alerts speak of, by the name the API uses. */
public record CampaignMetric(String apiName) implements AlertMetric {
    /** A campaign's failed connections over those attempted, every host's result so far merged, 0..1. */
    public static final CampaignMetric ERROR_RATE = new CampaignMetric("campaign_error_rate");

    public static List<CampaignMetric> values() {
        return List.of(ERROR_RATE);
    }
}
