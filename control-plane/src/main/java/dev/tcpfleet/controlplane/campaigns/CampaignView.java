package dev.tcpfleet.controlplane.campaigns;

import dev.tcpfleet.protocol.stress.StressRequest;
import dev.tcpfleet.protocol.stress.StressResult;
import java.time.Instant;
import java.util.List;

/**
 * A campaign as the API shows it.
 *
 * @param status   RUNNING while a host may still answer, else FINISHED
 * @param warning  the fleet's error rate is above {@code tcpfleet.campaigns.error-rate-warning}
 * @param test     what every host was asked to run
 * @param deadline a host silent by then is TIMED_OUT
 * @param startedBy who started it: {@code user:<token name>} or {@code automation:<rule>}; null for a campaign from
 *                  before attribution whose starter is unknown
 * @param actionId  the automation action that started it, else null
 * @param hosts    each host's part, in selection order
 * @param fleet    every answer merged
 */
public record CampaignView(String id, String status, boolean warning, StressRequest test, Instant createdAt,
        Instant deadline, Instant stoppedAt, String startedBy, String actionId, List<HostView> hosts,
        FleetResult fleet) {

    /** @param status PENDING, DONE (the test ran; it may have been cut short), REFUSED or TIMED_OUT */
    public record HostView(String hostId, String commandId, String status, StressResult result) {
    }
}
