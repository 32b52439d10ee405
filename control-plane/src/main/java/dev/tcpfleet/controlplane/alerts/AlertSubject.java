package dev.tcpfleet.controlplane.alerts;

import dev.tcpfleet.protocol.AlertEvent;

/**
 * What an alert is about, as stored in the {@code subject} and {@code host_id} columns: one host (both hold its
 * id), the fleet (a fleet rule's one alert) or one campaign; {@code hostId} is null for the last two.
 */
public record AlertSubject(String id, String hostId) {
    public static final AlertSubject FLEET = new AlertSubject(AlertEvent.FLEET, null);

    public static AlertSubject host(String hostId) {
        return new AlertSubject(hostId, hostId);
    }

    public static AlertSubject campaign(String campaignId) {
        return new AlertSubject(AlertEvent.CAMPAIGN_PREFIX + campaignId, null);
    }
}
