package dev.tcpfleet.controlplane.automation;

import dev.tcpfleet.controlplane.errors.Refused;
import dev.tcpfleet.controlplane.errors.Choices;
import dev.tcpfleet.controlplane.api.QueryParams;
import dev.tcpfleet.controlplane.api.RuleNames;
import dev.tcpfleet.controlplane.auth.Allowed;
import dev.tcpfleet.controlplane.auth.Role;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** Automation rules (what to do when an alert fires) and the actions they took or propose. */
@Path("/api/automation")
@Produces(MediaType.APPLICATION_JSON)
public class AutomationResource {
    private final AutomationRules validation;
    private final AutomationRuleStore rules;
    private final AutomationActionStore actions;
    private final AutomationEngine engine;

    AutomationResource(AutomationRules validation, AutomationRuleStore rules, AutomationActionStore actions,
            AutomationEngine engine) {
        this.validation = validation;
        this.rules = rules;
        this.actions = actions;
        this.engine = engine;
    }

    @Operation(summary = "List automation rules")
    @GET
    @Path("/rules")
    @Allowed(Role.VIEWER)
    public List<AutomationRule> rules() {
        return rules.all();
    }

    @Operation(summary = "One automation rule")
    @GET
    @Path("/rules/{name}")
    @Allowed(Role.VIEWER)
    public AutomationRule rule(@PathParam("name") String name) {
        return rules.find(name).orElseThrow(() -> Refused.notFound("automation rule", name));
    }

    /** 201 for a new rule, 200 for a replaced one; it acts on alerts that fire from now on. */
    @Operation(summary = "Create or replace an automation rule")
    @APIResponse(responseCode = "201", description = "a new rule",
            content = @Content(schema = @Schema(implementation = AutomationRule.class)))
    @APIResponse(responseCode = "200", description = "the rule replaced",
            content = @Content(schema = @Schema(implementation = AutomationRule.class)))
    @PUT
    @Path("/rules/{name}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Allowed(Role.ADMIN)
    public Response put(@PathParam("name") String name, AutomationRuleRequest request) {
        AutomationRule rule = validation.validate(RuleNames.require(name), request);
        boolean created = rules.put(rule);
        return Response.status(created ? Response.Status.CREATED : Response.Status.OK).entity(rule).build();
    }

    @Operation(summary = "Delete an automation rule")
    @APIResponse(responseCode = "204", description = "deleted")
    @DELETE
    @Path("/rules/{name}")
    @Allowed(Role.ADMIN)
    public Response delete(@PathParam("name") String name) {
        if (!RuleNames.isValid(name) || !rules.delete(name)) {
            throw Refused.notFound("automation rule", name);
        }
        return Response.noContent().build();
    }

    /** The newest actions first, optionally only those in {@code state} (e.g. {@code proposed}). */
    @Operation(summary = "Automation's actions, newest first, optionally in one state")
    @GET
    @Path("/actions")
    @Allowed(Role.VIEWER)
    public List<AutomationAction> actions(@QueryParam("state") String state, @QueryParam("limit") String limit) {
        return actions.newest(state == null ? null : Choices.of("state", state, AutomationAction.State.class),
                QueryParams.intInRange("limit", limit, 50, 1, 1000));
    }

    @Operation(summary = "One automation action")
    @GET
    @Path("/actions/{id}")
    @Allowed(Role.VIEWER)
    public AutomationAction action(@PathParam("id") String id) {
        return engine.get(id);
    }

    /** Approves a proposed action; it starts on the next tick. 409 if a guardrail now forbids it. */
    @Operation(summary = "Approve a proposed automation action")
    @APIResponse(responseCode = "200", description = "approved; it starts on the next tick",
            content = @Content(schema = @Schema(implementation = AutomationAction.class)))
    @APIResponse(responseCode = "409", description = "no longer proposed, its alert no longer fires, or a guardrail now forbids it")
    @POST
    @Path("/actions/{id}/approve")
    @Allowed(Role.OPERATOR)
    public AutomationAction approve(@PathParam("id") String id) {
        return engine.approve(id);
    }

    @Operation(summary = "Reject a proposed automation action")
    @APIResponse(responseCode = "200", description = "rejected",
            content = @Content(schema = @Schema(implementation = AutomationAction.class)))
    @APIResponse(responseCode = "409", description = "no longer proposed")
    @POST
    @Path("/actions/{id}/reject")
    @Allowed(Role.OPERATOR)
    public AutomationAction reject(@PathParam("id") String id) {
        return engine.reject(id);
    }
}
