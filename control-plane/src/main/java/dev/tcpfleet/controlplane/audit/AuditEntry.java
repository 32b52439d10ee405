package dev.tcpfleet.controlplane.audit;

import java.time.Instant;
import java.util.Map;

/** One entry of the audit trail, as {@code GET /api/audit} shows it. */
public record AuditEntry(long id, Instant at, String actor, String action, String target, Map<?, ?> detail,
        String outcome) {
}
