package dev.tcpfleet.controlplane.enrolment;

import dev.tcpfleet.controlplane.errors.Refused;
import dev.tcpfleet.protocol.HostIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * An admin's decisions on hosts' enrolments. Each takes effect with the next batch read from the topics: ingest reads
 * enrolments in the transaction that stores, so a host revoked is refused from then on (a batch already being stored
 * when the decision commits may still store its messages).
 */
@ApplicationScoped
public class EnrolmentService {
    private static final int MAX_REASON = 500;
    private static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}");
    private static final Pattern FINGERPRINT = Pattern.compile("[0-9a-f]{16}");

    private final EnrolmentStore store;

    EnrolmentService(EnrolmentStore store) {
        this.store = store;
    }

    public List<EnrolmentView> list(Optional<EnrolmentStatus> status) {
        return store.list(status).stream().map(EnrolmentView::of).toList();
    }

    /** Accepts the host's waiting key (a re-enrolment's, else the one it asked with). */
    @Transactional
    public EnrolmentView accept(String hostId, DecisionRequest request, String by) {
        String fingerprint = request == null ? null : request.fingerprint();
        if (fingerprint != null && !FINGERPRINT.matcher(fingerprint).matches()) {
            throw Refused.invalid("fingerprint", "a key's fingerprint is 16 lower-case hex digits, as the"
                    + " agent prints it and GET /api/enrolments shows it");
        }
        String reason = request == null || request.reason() == null ? null : reason(request, false);
        return decide(hostId, enrolment -> enrolment.accepted(fingerprint), by, reason);
    }

    /** Rejects a pending host, or the other key a known host asks to switch to. */
    @Transactional
    public EnrolmentView reject(String hostId, DecisionRequest request, String by) {
        return decide(hostId, Enrolment::rejected, by, reason(request, true));
    }

    /** Refuses every message of the host from now on, whatever key it presents. */
    @Transactional
    public EnrolmentView revoke(String hostId, DecisionRequest request, String by) {
        return decide(hostId, Enrolment::revoked, by, reason(request, true));
    }

    private EnrolmentView decide(String hostId, UnaryOperator<Enrolment> decision, String by, String reason) {
        // a string no host id can be (NUL included) never reaches SQL
        EnrolmentStore.Row row = Optional.of(hostId).filter(HostIdentity::isValidId).flatMap(store::lock)
                .orElseThrow(() -> Refused.notFound("host enrolment", hostId));
        Enrolment decided;
        try {
            decided = decision.apply(row.enrolment());
        } catch (Enrolment.NotAllowed e) {
            throw Refused.conflict("status", e.getMessage());
        }
        store.decide(decided, by, reason);
        return store.lock(hostId).map(EnrolmentView::of).orElseThrow();
    }

    private static String reason(DecisionRequest request, boolean required) {
        String reason = request == null ? null : request.reason();
        if (reason == null || reason.isBlank()) {
            if (required) {
                throw Refused.invalid("reason", "reason is required: up to " + MAX_REASON
                        + " characters saying why");
            }
            return null;
        }
        if (reason.length() > MAX_REASON || CONTROL.matcher(reason).find()) {
            throw Refused.invalid("reason", "reason is up to " + MAX_REASON + " characters of text, without"
                    + " control characters");
        }
        return reason.strip();
    }
}
