package dev.tcpfleet.controlplane.alerts;

import dev.tcpfleet.controlplane.errors.Refused;
import dev.tcpfleet.controlplane.api.QueryParams;
import dev.tcpfleet.controlplane.auth.Allowed;
import dev.tcpfleet.controlplane.auth.Role;
import dev.tcpfleet.controlplane.hosts.HostRegistry;
import dev.tcpfleet.domain.alerts.AlertRule;
import dev.tcpfleet.domain.alerts.AlertState;
import dev.tcpfleet.protocol.HostIdentity;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

@Path("/api/alerts")
@Produces(MediaType.APPLICATION_JSON)
public class AlertResource {

    private static final long MAX_SILENCE_MINUTES = 7 * 24 * 60;

    private final AlertRuleStore rules;
    private final HostRegistry hosts;
    private final AlertStore store;
    private final AlertEventStore events;
    private final SilenceStore silences;

    AlertResource(AlertRuleStore rules, HostRegistry hosts, AlertStore store, AlertEventStore events,
            SilenceStore silences) {
        this.rules = rules;
        this.hosts = hosts;
        this.store = store;
        this.events = events;
        this.silences = silences;
    }

    /** Keeps matching alerts off the webhook for a while; they are still judged, listed and published. */
    @Operation(summary = "Silence matching alerts' notifications for a while")
    @APIResponse(responseCode = "201", description = "the silence",
            content = @Content(schema = @Schema(implementation = SilenceView.class)))
    @POST
    @Path("/silences")
    @Consumes(MediaType.APPLICATION_JSON)
    @Allowed(Role.OPERATOR)
    public Response silence(SilenceRequest request) {
        if (request == null) {
            throw Refused.invalid(null, "a JSON body {\"rule\": ..., \"hostId\": ..., \"minutes\": n,"
                    + " \"reason\": \"...\"} is required");
        }
        Optional<AlertRule> rule = request.rule() == null ? Optional.empty()
                : rules.find(request.rule()).map(AlertRuleStore.StoredRule::rule);
        if (request.rule() != null && !request.rule().equals(StaleHostAlerts.RULE) && rule.isEmpty()) {
            throw Refused.invalid("rule", "no rule '" + request.rule() + "'; see GET /api/alerts/rules");
        }
        if (request.hostId() != null && !HostIdentity.isValidId(request.hostId())) {
            throw Refused.invalid("hostId", "not a host id: ids match " + HostIdentity.ID_PATTERN.pattern());
        }
        // a silence names a host or none; fleet and campaign alerts have no host, so only a hostless one covers them
        if (request.hostId() != null && rule.isPresent() && rule.get().scope() != AlertRule.Scope.HOST) {
            throw Refused.invalid("hostId", "rule '" + request.rule() + "' judges the "
                    + lower(rule.get().scope()) + ", not hosts: silence it without a hostId");
        }
        if (request.minutes() == null || request.minutes() < 1 || request.minutes() > MAX_SILENCE_MINUTES) {
            throw Refused.invalid("minutes", "minutes is 1 to " + MAX_SILENCE_MINUTES + " (7 days): a"
                    + " silence always ends");
        }
        if (request.reason() == null || request.reason().isBlank() || request.reason().length() > 500
                || request.reason().indexOf('\0') >= 0) {
            throw Refused.invalid("reason", "reason is required: up to 500 characters saying why");
        }
        SilenceView silence = silences.add(request.rule(), request.hostId(), request.reason().strip(),
                Instant.now().plus(Duration.ofMinutes(request.minutes())));
        return Response.status(Response.Status.CREATED).entity(silence).build();
    }

    @Operation(summary = "List silences")
    @GET
    @Path("/silences")
    @Allowed(Role.VIEWER)
    public List<SilenceView> silences() {
        return silences.active(Instant.now());
    }

    /** Ends a silence now. */
    @Operation(summary = "End a silence now")
    @APIResponse(responseCode = "204", description = "ended")
    @DELETE
    @Path("/silences/{id}")
    @Allowed(Role.OPERATOR)
    public Response endSilence(@PathParam("id") String id) {
        long silenceId;
        try {
            silenceId = Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw Refused.notFound("silence", id);
        }
        silences.end(silenceId, Instant.now()).orElseThrow(() -> Refused.notFound("running silence", id));
        return Response.noContent().build();
    }

    /** The newest status changes and how their delivery went (published, webhook tries and last error). */
    @Operation(summary = "The newest alert status changes and how their delivery went")
    @GET
    @Path("/events")
    @Allowed(Role.VIEWER)
    public List<AlertEventStore.Delivery> events(@QueryParam("limit") String limit) {
        return events.newest(QueryParams.intInRange("limit", limit, 50, 1, 1000));
    }

    /** Alerts by status: {@code active} (pending and firing, the default), or one of pending, firing, resolved. */
    @Operation(summary = "Alerts by status (active by default)")
    @GET
    @Allowed(Role.VIEWER)
    public List<AlertView> list(@QueryParam("status") String status) {
        List<AlertState.Status> statuses = status == null || status.equals("active")
                ? List.of(AlertState.Status.PENDING, AlertState.Status.FIRING)
                : List.of(parse(status));
        List<SilenceView> active = silences.active(Instant.now());
        Map<String, AlertRule> byName = rules.all().stream().map(AlertRuleStore.StoredRule::rule)
                .collect(Collectors.toMap(AlertRule::name, Function.identity()));
        return store.withStatus(statuses).stream()
                .filter(row -> byName.containsKey(row.rule()) || row.rule().equals(StaleHostAlerts.RULE)).map(row -> {
                    AlertState state = row.state();
                    AlertSubject subject = row.subject();
                    Long silencedBy = SilenceStore.covering(active, row.rule(), subject.hostId()).map(SilenceView::id)
                            .orElse(null);
                    AlertRule rule = byName.get(row.rule());
                    if (rule == null) { // a host that stopped reporting: judged on silence, not on a figure
                        double after = hosts.staleAfter().toSeconds();
                        return new AlertView(row.rule(), lower(AlertRule.Scope.HOST), subject.id(), subject.hostId(),
                                lower(state.status()), "warning", StaleHostAlerts.METRIC, null, "above", after, after,
                                state.since(), state.lastValue(), state.evaluatedAt(), silencedBy);
                    }
                    return new AlertView(row.rule(), lower(rule.scope()), subject.id(), subject.hostId(),
                            lower(state.status()), lower(rule.severity()), rule.metric().apiName(),
                            rule.aggregate() == null ? null : lower(rule.aggregate()), lower(rule.comparison()),
                            rule.threshold(), rule.clearThreshold(), state.since(), state.lastValue(),
                            state.evaluatedAt(), silencedBy);
                }).toList();
    }

    private static AlertState.Status parse(String status) {
        return Arrays.stream(AlertState.Status.values())
                .filter(s -> s != AlertState.Status.OK && lower(s).equals(status)).findFirst()
                .orElseThrow(() -> Refused.invalid("status", "status is active, pending, firing or resolved"));
    }

    static String lower(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }
}
