package dev.tcpfleet.controlplane.alerts;

import dev.tcpfleet.controlplane.errors.Choices;
import dev.tcpfleet.controlplane.errors.Refused;
import dev.tcpfleet.domain.alerts.AlertRule;
import dev.tcpfleet.protocol.HostIdentity;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A silence as asked for, once every check passed; null {@code rule} or {@code hostId} means every rule or host.
 * {@code warnings} say what a forced request named that does not exist.
 */
public record Silence(String rule, String hostId, String reason, Instant endsAt, List<String> warnings) {
    static final long MAX_MINUTES = 7 * 24 * 60;
    static final int MAX_REASON = 500;

    /**
     * The silence {@code request} asks for from {@code now}, or a refusal naming the field at fault;
     * {@code rules} finds an alert rule by name, {@code hostKnown} says whether a host id is one the fleet has.
     */
    public static Silence from(SilenceRequest request, Function<String, Optional<AlertRule>> rules,
            Predicate<String> hostKnown, Instant now) {
        List<String> warnings = new ArrayList<>();
        Optional<AlertRule> rule = request.rule() == null ? Optional.empty() : rules.apply(request.rule());
        if (request.rule() != null && !request.rule().equals(StaleHostAlerts.RULE) && rule.isEmpty()) {
            // a silence for a misspelt rule would silence nothing while seeming to work: refused unless forced
            unknown(request, warnings, "rule", "no rule '" + request.rule() + "'",
                    "see GET /api/alerts/rules", "it applies once a rule of that name is put");
        }
        if (request.hostId() != null && !HostIdentity.isValidId(request.hostId())) {
            throw Refused.invalid("hostId", "not a host id: ids match " + HostIdentity.ID_PATTERN.pattern());
        }
        if (request.hostId() != null && !hostKnown.test(request.hostId())) {
            unknown(request, warnings, "hostId", "no host '" + request.hostId() + "'",
                    "see GET /api/hosts", "it applies once a host of that id reports");
        }
        // a silence names a host or none; fleet and campaign alerts have no host, so only a hostless one covers them
        if (request.hostId() != null && rule.isPresent() && rule.get().scope() != AlertRule.Scope.HOST) {
            throw Refused.invalid("hostId", "rule '" + request.rule() + "' judges the "
                    + Choices.name(rule.get().scope()) + ", not hosts: silence it without a hostId");
        }
        if (request.minutes() == null || request.minutes() < 1 || request.minutes() > MAX_MINUTES) {
            throw Refused.invalid("minutes", "minutes is 1 to " + MAX_MINUTES + " (7 days): a silence always ends");
        }
        if (request.reason() == null || request.reason().isBlank() || request.reason().length() > MAX_REASON
                || request.reason().indexOf('\0') >= 0) {
            throw Refused.invalid("reason", "reason is required: up to " + MAX_REASON + " characters saying why");
        }
        return new Silence(request.rule(), request.hostId(), request.reason().strip(),
                now.plus(Duration.ofMinutes(request.minutes())), List.copyOf(warnings));
    }

    /** Refuses a name that exists nowhere, or with {@code force} notes it in {@code warnings} and goes on. */
    private static void unknown(SilenceRequest request, List<String> warnings, String field, String what,
            String where, String whenForced) {
        if (!request.forced()) {
            throw Refused.invalid(field, what + "; " + where + ", or send \"force\": true to silence it before it"
                    + " exists");
        }
        warnings.add(what + " yet: " + whenForced);
    }
}
