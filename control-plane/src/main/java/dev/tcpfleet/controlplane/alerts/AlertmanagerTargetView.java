package dev.tcpfleet.controlplane.alerts;

import java.time.Instant;

/**
 * How the posts to one Alertmanager endpoint go, as the API shows it.
 *
 * @param url       the endpoint's base URL, as configured
 * @param lastTryAt when the last post was tried
 * @param lastOkAt  when a post was last taken, null if none ever was
 * @param alerts    the alerts (firing, and recently resolved) the last post carried
 * @param failures  posts failed in a row since the last taken one; 0 when the last was taken
 * @param lastError why the last post failed, null when it was taken
 * @param nextTryAt when it is posted to next, at the latest: the resend, or the retry after a failure
 */
public record AlertmanagerTargetView(String url, Instant lastTryAt, Instant lastOkAt, int alerts, int failures,
        String lastError, Instant nextTryAt) {
}
