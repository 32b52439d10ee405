package dev.tcpfleet.controlplane.campaigns;

import dev.tcpfleet.controlplane.errors.Refused;
import dev.tcpfleet.controlplane.ControlPlaneConfig;
import dev.tcpfleet.controlplane.alerts.CampaignAlerts;
import dev.tcpfleet.controlplane.auth.Actor;
import dev.tcpfleet.controlplane.commands.CommandSender;
import dev.tcpfleet.controlplane.hosts.HostRegistry;
import dev.tcpfleet.controlplane.hosts.HostSelector;
import dev.tcpfleet.domain.stress.TargetAllowlist;
import dev.tcpfleet.protocol.commands.StressCommand;
import dev.tcpfleet.protocol.stress.StressReport;
import dev.tcpfleet.protocol.stress.StressRequest;
import dev.tcpfleet.protocol.stress.StressResult;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Checks a campaign against the guardrails, stores it, and sends each selected host its own signed stress command
 * keyed by its host id; stops one campaign or all of them the same way.
 */
@ApplicationScoped
public class CampaignService {
    private final CampaignStore store;
    private final CommandSender sender;
    private final HostRegistry hosts;
    private final ControlPlaneConfig.Campaigns config;
    private final CampaignGuardrails guardrails;
    private final CampaignAlerts alerts;

    CampaignService(CampaignStore store, CommandSender sender, HostRegistry hosts, ControlPlaneConfig config,
            CampaignAlerts alerts) {
        this.store = store;
        this.alerts = alerts;
        this.sender = sender;
        this.hosts = hosts;
        this.config = config.campaigns();
        this.guardrails = new CampaignGuardrails(new CampaignGuardrails.Limits(this.config.maxConnectionsPerHost(),
                this.config.maxConcurrency(), this.config.maxRate(), (int) this.config.maxDuration().toSeconds(),
                this.config.maxHosts(), this.config.connectionBudget(), this.config.maxRunning()),
                TargetAllowlist.of(this.config.allowNetworks().orElse(List.of()),
                        this.config.allowPorts().orElse(List.of())));
    }

    /** Starts a campaign, attributed to {@code startedBy} and belonging to its action if any. */
    public CampaignView start(CampaignRequest body, Actor startedBy) {
        sender.requireSigningKey();
        if (body == null) {
            throw Refused.invalid(null, "a JSON body {\"selector\": {...}, \"target\": \"10.0.0.5:80\", ...}"
                    + " is required");
        }
        String id = UUID.randomUUID().toString();
        StressRequest test = guardrails.request(id, body);
        List<String> hostIds = hostIds(body);
        Instant issuedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        Instant expiresAt = issuedAt.plus(config.startWithin());
        Instant deadline = expiresAt.plusMillis(test.durationCapMillis() + test.connectTimeoutMillis())
                .plus(config.answerGrace());
        Map<String, String> commandIds = new LinkedHashMap<>();
        List<CommandSender.Signed> outgoing = new ArrayList<>();
        for (int i = 0; i < hostIds.size(); i++) {
            String commandId = id + "-" + i;
            commandIds.put(hostIds.get(i), commandId);
            outgoing.add(sender.sign(new StressCommand(StressCommand.SCHEMA_VERSION, commandId, hostIds.get(i), id,
                    StressCommand.Action.RUN, test, issuedAt, expiresAt)));
        }
        store.insertIfFits(new CampaignStore.StoredCampaign(id, test, issuedAt, expiresAt, deadline, null,
                startedBy.name(), startedBy.actionId()),
                commandIds, running -> guardrails.checkFleet(hostIds.size(), test.connections(), running));
        try {
            sender.sendAll(outgoing);
        } catch (IllegalStateException e) {
            // the hosts may have some of it: stop what did arrive rather than leave half a campaign running
            store.markStopped(id);
            String told;
            try {
                tellHostsToStop(find(id));
                told = "its hosts were told to stop it";
            } catch (IllegalStateException stopNotSent) {
                told = "stop it again once the broker is back";
            }
            throw Refused.unavailable("kafka_unavailable", "the campaign was not sent: " + e.getMessage()
                    + "; it is marked stopped and " + told);
        }
        return get(id);
    }

    /** Checks a campaign's test as {@link #start} does, without starting it: for one kept to be started later. */
    public void validate(CampaignRequest body) {
        guardrails.request(UUID.randomUUID().toString(), body);
    }

    /**
     * Marks the campaign stopped and tells every one of its hosts, answered or not: a test under way ends and reports,
     * and each host journals the stop, so a RUN of this campaign read later (a replay by anyone who can write the
     * topic) is refused and the campaign stays stopped. Stopping it again tells the hosts again, which is how to retry
     * after the broker was away (a host takes a STOP once). Past its deadline nothing runs and no RUN is valid any
     * more: the hosts are not told.
     */
    public CampaignView stop(String id) {
        CampaignStore.StoredCampaign campaign = find(id);
        store.markStopped(id);
        if (Instant.now().isBefore(campaign.deadline())) {
            try {
                tellHostsToStop(campaign);
            } catch (IllegalStateException e) {
                throw Refused.unavailable("kafka_unavailable", "campaign " + campaign.id() + " is marked"
                        + " stopped but the hosts were not told: " + e.getMessage() + "; their tests end at their"
                        + " duration cap; stop it again once the broker is back");
            }
        }
        return get(id);
    }

    /**
     * Sends each host of {@code campaign} a signed STOP (id {@code <its RUN's id>-stop}), valid at least as long as
     * the campaign's RUNs, so the host keeps the stop for as long as a replayed RUN could be taken.
     */
    private void tellHostsToStop(CampaignStore.StoredCampaign campaign) {
        sender.requireSigningKey();
        Instant issuedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        Instant expiresAt = issuedAt.plus(config.startWithin());
        if (expiresAt.isBefore(campaign.expiresAt())) {
            expiresAt = campaign.expiresAt();
        }
        List<CommandSender.Signed> outgoing = new ArrayList<>();
        for (CampaignStore.HostRow host : store.hosts(campaign.id())) {
            outgoing.add(sender.sign(new StressCommand(StressCommand.SCHEMA_VERSION, host.commandId() + "-stop",
                    host.hostId(), campaign.id(), StressCommand.Action.STOP, null, issuedAt, expiresAt)));
        }
        sender.sendAll(outgoing);
    }

    /** The kill switch: stops every running campaign; returns their ids. */
    public List<String> stopAll() {
        List<String> stopped = store.running().stream().map(CampaignGuardrails.Running::id).toList();
        stopped.forEach(this::stop);
        return stopped;
    }

    /**
     * Stores a host's report and judges the campaign rules on the campaign's merged result so far, in one
     * transaction; false when the report answers no campaign host of ours. A campaign with no connection attempted
     * yet (every host so far refused) is not judged: a rate of nothing is not a healthy 0.
     */
    @Transactional
    public boolean record(StressReport report) {
        Optional<String> campaign = store.record(report);
        campaign.ifPresent(id -> {
            FleetResult fleet = FleetResult.of(store.hosts(id).stream().map(CampaignStore.HostRow::result)
                    .filter(Objects::nonNull).toList(), config.errorRateWarning());
            if (fleet.attempted() > 0) {
                alerts.judge(id, fleet.errorRate(), Instant.now());
            }
        });
        return campaign.isPresent();
    }

    public CampaignView get(String id) {
        CampaignStore.StoredCampaign campaign = find(id);
        Instant now = Instant.now();
        boolean late = !now.isBefore(campaign.deadline());
        List<CampaignView.HostView> hostViews = store.hosts(id).stream().map(row -> new CampaignView.HostView(
                row.hostId(), row.commandId(), row.result() == null ? (late ? "TIMED_OUT" : "PENDING")
                        : row.result().wasRefused() ? "REFUSED" : "DONE", row.result())).toList();
        List<StressResult> results = hostViews.stream().map(CampaignView.HostView::result)
                .filter(Objects::nonNull).toList();
        FleetResult fleet = FleetResult.of(results, config.errorRateWarning());
        boolean waiting = !late && results.size() < hostViews.size();
        return new CampaignView(id, waiting ? "RUNNING" : "FINISHED", fleet.warning(), campaign.test(),
                campaign.createdAt(), campaign.deadline(), campaign.stoppedAt(), campaign.startedBy(),
                campaign.actionId(), hostViews, fleet);
    }

    public List<CampaignView> newest(int limit) {
        return store.newestIds(limit).stream().map(this::get).toList();
    }

    private CampaignStore.StoredCampaign find(String id) {
        boolean uuid;
        try {
            uuid = id != null && UUID.fromString(id).toString().equals(id);
        } catch (IllegalArgumentException e) {
            uuid = false;
        }
        return (uuid ? store.find(id) : Optional.<CampaignStore.StoredCampaign>empty())
                .orElseThrow(() -> Refused.notFound("campaign", String.valueOf(id)));
    }

    private List<String> hostIds(CampaignRequest body) {
        if (body.selector() == null) {
            throw Refused.invalid("selector", "selector is required: {\"hosts\": [...]},"
                    + " {\"labels\": \"env=prod\"} or {\"all\": true}");
        }
        HostSelector.Selection selection = hosts.select("selector", body.selector(), hosts.all());
        if (!selection.unknown().isEmpty()) {
            throw Refused.invalid("selector", "host '" + selection.unknown().get(0) + "' is not registered");
        }
        if (selection.selected().isEmpty()) {
            throw Refused.invalid("selector", "the selector matches no hosts that report");
        }
        return selection.selected();
    }
}
