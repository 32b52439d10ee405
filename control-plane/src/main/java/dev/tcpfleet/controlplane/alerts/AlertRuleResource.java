package dev.tcpfleet.controlplane.alerts;

import dev.tcpfleet.controlplane.errors.Refused;
import dev.tcpfleet.controlplane.errors.Choices;
import dev.tcpfleet.controlplane.api.RuleNames;
import dev.tcpfleet.controlplane.auth.Allowed;
import dev.tcpfleet.controlplane.auth.Role;
import dev.tcpfleet.controlplane.hosts.HostSelector;
import dev.tcpfleet.domain.alerts.AlertRule;
import dev.tcpfleet.domain.alerts.FleetAggregate;
import dev.tcpfleet.domain.metrics.AlertMetric;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** The alert rules (host, fleet and campaign ones): listed, created or replaced, deleted. */
@Path("/api/alerts/rules")
@Produces(MediaType.APPLICATION_JSON)
public class AlertRuleResource {
    private static final int MAX_FOR_SECONDS = 24 * 3600;

    private final AlertRuleStore rules;

    AlertRuleResource(AlertRuleStore rules) {
        this.rules = rules;
    }

    @Operation(summary = "List alert rules (host, fleet and campaign scope)")
    @GET
    @Allowed(Role.VIEWER)
    public List<AlertRuleView> list() {
        return rules.all().stream().map(AlertRuleView::of).toList();
    }

    /**
     * 201 for a new rule, 200 for a replaced one; alerts already open keep their state under the new terms, unless
     * the rule changed scope (they were about other subjects: dropped).
     */
    @Operation(summary = "Create or replace an alert rule")
    @APIResponse(responseCode = "201", description = "a new rule",
            content = @Content(schema = @Schema(implementation = AlertRuleView.class)))
    @APIResponse(responseCode = "200", description = "the rule replaced",
            content = @Content(schema = @Schema(implementation = AlertRuleView.class)))
    @PUT
    @Path("/{name}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Allowed(Role.ADMIN)
    public Response put(@PathParam("name") String name, AlertRuleRequest request) {
        RuleNames.require(name);
        if (request == null) {
            throw Refused.invalid(null, "a JSON body {\"metric\": ..., \"comparison\": \"above\","
                    + " \"threshold\": n, ...} is required");
        }
        AlertRule.Scope scope = request.scope() == null ? AlertRule.Scope.HOST
                : Choices.of("scope", request.scope(), AlertRule.Scope.class);
        AlertMetric metric = AlertMetric.byApiName(request.metric() == null ? "" : request.metric())
                .orElseThrow(() -> Refused.invalid("metric", "metric is one of " + AlertMetric.all().stream()
                        .map(AlertMetric::apiName).collect(Collectors.joining(", "))));
        FleetAggregate aggregate = request.aggregate() == null ? null
                : Choices.of("aggregate", request.aggregate(), FleetAggregate.class);
        AlertRule.Comparison comparison = Choices.of("comparison", request.comparison(), AlertRule.Comparison.class);
        AlertRule.Severity severity = Choices.of("severity", request.severity(), AlertRule.Severity.class);
        if (request.threshold() == null || !Double.isFinite(request.threshold())) {
            throw Refused.invalid("threshold", "threshold is a number");
        }
        double clear = request.clearThreshold() == null ? request.threshold() : request.clearThreshold();
        int forSeconds = request.forSeconds() == null ? 0 : request.forSeconds();
        if (forSeconds < 0 || forSeconds > MAX_FOR_SECONDS) {
            throw Refused.invalid("forSeconds", "forSeconds is 0 to " + MAX_FOR_SECONDS);
        }
        if (request.labels() != null) {
            if (scope == AlertRule.Scope.CAMPAIGN) {
                throw Refused.invalid("labels", "a campaign rule judges every campaign on its merged result,"
                        + " whatever its hosts: labels do not apply");
            }
            try {
                HostSelector.of(null, request.labels(), null, true);
            } catch (HostSelector.InvalidSelectorException e) {
                throw Refused.invalid("labels", e.getMessage());
            }
        }
        AlertRule rule = new AlertRule(name, scope, metric, aggregate, comparison, request.threshold(), clear,
                Duration.ofSeconds(forSeconds), severity);
        AlertRuleStore.StoredRule stored = new AlertRuleStore.StoredRule(rule, request.labels());
        boolean created = rules.put(stored);
        return Response.status(created ? Response.Status.CREATED : Response.Status.OK)
                .entity(AlertRuleView.of(stored)).build();
    }

    @Operation(summary = "Delete an alert rule")
    @APIResponse(responseCode = "204", description = "deleted")
    @DELETE
    @Path("/{name}")
    @Allowed(Role.ADMIN)
    public Response delete(@PathParam("name") String name) {
        if (!RuleNames.isValid(name) || !rules.delete(name)) {
            throw Refused.notFound("alert rule", name);
        }
        return Response.noContent().build();
    }
}
