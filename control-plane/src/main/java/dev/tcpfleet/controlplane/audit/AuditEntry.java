package dev.tcpfleet.controlplane.audit;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Map;

/**
 * One entry of the audit trail, as {@code GET /api/audit} shows it. {@code count} is set only on the aggregate of
 * unauthenticated requests: how many came from the source ({@code target}) for the route in the minute from
 * {@code at}.
 */
public record AuditEntry(long id, Instant at, String actor, String action, String target, Map<?, ?> detail,
        String outcome, @JsonInclude(JsonInclude.Include.NON_NULL) Long count) {
}
