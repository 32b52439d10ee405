package dev.tcpfleet.controlplane.alerts;

import dev.tcpfleet.controlplane.api.ApiException;
import dev.tcpfleet.controlplane.api.QueryParams;
import dev.tcpfleet.domain.alerts.AlertRule;
import dev.tcpfleet.domain.alerts.AlertState;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

@Path("/api/alerts")
@Produces(MediaType.APPLICATION_JSON)
public class AlertResource {
    private static final Map<String, AlertRule> RULES = AlertEvaluator.rules().stream()
            .collect(Collectors.toMap(AlertRule::name, Function.identity()));

    private final AlertStore store;
    private final AlertEventStore events;

    AlertResource(AlertStore store, AlertEventStore events) {
        this.store = store;
        this.events = events;
    }

    /** The newest status changes and how their delivery went (published, webhook tries and last error). */
    @GET
    @Path("/events")
    public List<AlertEventStore.Delivery> events(@QueryParam("limit") String limit) {
        return events.newest(QueryParams.intInRange("limit", limit, 50, 1, 1000));
    }

    /** Alerts by status: {@code active} (pending and firing, the default), or one of pending, firing, resolved. */
    @GET
    public List<AlertView> list(@QueryParam("status") String status) {
        List<AlertState.Status> statuses = status == null || status.equals("active")
                ? List.of(AlertState.Status.PENDING, AlertState.Status.FIRING)
                : List.of(parse(status));
        return store.withStatus(statuses).stream().filter(row -> RULES.containsKey(row.rule())).map(row -> {
            AlertRule rule = RULES.get(row.rule());
            AlertState state = row.state();
            return new AlertView(row.rule(), row.hostId(), lower(state.status()), lower(rule.severity()),
                    rule.metric().apiName(), lower(rule.comparison()), rule.threshold(), rule.clearThreshold(),
                    state.since(), state.lastValue(), state.evaluatedAt());
        }).toList();
    }

    /** The rules judged on every snapshot. */
    @GET
    @Path("/rules")
    public List<AlertRuleView> rules() {
        return AlertEvaluator.rules().stream().map(rule -> new AlertRuleView(rule.name(), rule.metric().apiName(),
                lower(rule.comparison()), rule.threshold(), rule.clearThreshold(), rule.forDuration().toSeconds(),
                lower(rule.severity()))).toList();
    }

    private static AlertState.Status parse(String status) {
        return Arrays.stream(AlertState.Status.values())
                .filter(s -> s != AlertState.Status.OK && lower(s).equals(status)).findFirst()
                .orElseThrow(() -> ApiException.badRequest("status", "status is active, pending, firing or resolved"));
    }

    private static String lower(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }
}
