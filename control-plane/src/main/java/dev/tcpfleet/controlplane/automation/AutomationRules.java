package dev.tcpfleet.controlplane.automation;

import dev.tcpfleet.controlplane.errors.Refused;
import dev.tcpfleet.controlplane.ControlPlaneConfig;
import dev.tcpfleet.controlplane.alerts.AlertRuleStore;
import dev.tcpfleet.controlplane.alerts.StaleHostAlerts;
import dev.tcpfleet.controlplane.errors.Choices;
import dev.tcpfleet.controlplane.campaigns.CampaignRequest;
import dev.tcpfleet.controlplane.campaigns.CampaignService;
import dev.tcpfleet.controlplane.profiles.ProfileService;
import dev.tcpfleet.controlplane.profiles.ProfileView;
import dev.tcpfleet.domain.alerts.AlertRule;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Checks automation rules before they are stored: what a rule may later do on many hosts without anyone looking is
 * validated here as strictly as the rollout or campaign it starts will be validated again.
 */
@ApplicationScoped
public class AutomationRules {
    private static final int MAX_COOLDOWN_SECONDS = 7 * 24 * 3600;
    private static final int DEFAULT_COOLDOWN_SECONDS = 1800;

    private final AlertRuleStore alertRules;
    private final ProfileService profiles;
    private final CampaignService campaigns;
    private final ControlPlaneConfig.Rollouts rollouts;

    AutomationRules(AlertRuleStore alertRules, ProfileService profiles, CampaignService campaigns,
            ControlPlaneConfig config) {
        this.alertRules = alertRules;
        this.profiles = profiles;
        this.campaigns = campaigns;
        this.rollouts = config.rollouts();
    }

    public AutomationRule validate(String name, AutomationRuleRequest request) {
        if (request == null) {
            throw Refused.invalid(null, "a JSON body {\"alertRule\": ..., \"action\": \"apply_profile\","
                    + " \"profile\": ...} is required");
        }
        if (request.alertRule() == null || request.alertRule().isBlank()) {
            throw Refused.invalid("alertRule", "alertRule is required: the name of an alert rule"
                    + " (GET /api/alerts/rules)");
        }
        if (request.alertRule().equals(StaleHostAlerts.RULE)) {
            throw Refused.invalid("alertRule", "host-stale cannot be acted on: a silent host would not hear the"
                    + " action");
        }
        if (alertRules.find(request.alertRule()).isEmpty()) {
            throw Refused.invalid("alertRule", "no alert rule is named '" + request.alertRule()
                    + "' (GET /api/alerts/rules)");
        }
        if (alertRules.find(request.alertRule()).get().rule().scope() == AlertRule.Scope.CAMPAIGN) {
            throw Refused.invalid("alertRule", "a campaign alert names no hosts to act on; automate a host"
                    + " or fleet rule");
        }
        AutomationRule.Action action = Choices.of("action", request.action(), AutomationRule.Action.class);
        AutomationRule.Mode mode = request.mode() == null ? AutomationRule.Mode.PROPOSE
                : Choices.of("mode", request.mode(), AutomationRule.Mode.class);
        int cooldown = request.cooldownSeconds() == null ? DEFAULT_COOLDOWN_SECONDS : request.cooldownSeconds();
        if (cooldown < 0 || cooldown > MAX_COOLDOWN_SECONDS) {
            throw Refused.invalid("cooldownSeconds", "cooldownSeconds is 0 to " + MAX_COOLDOWN_SECONDS);
        }
        boolean enabled = request.enabled() == null || request.enabled();
        return switch (action) {
            case APPLY_PROFILE -> {
                if (request.campaign() != null) {
                    throw Refused.invalid("campaign", "an apply_profile rule takes no campaign");
                }
                ProfileView profile = profile(request);
                yield new AutomationRule(name, request.alertRule(), action, profile.name(), profile.version(),
                        bakeSeconds(request.bakeSeconds()), null, mode, cooldown, enabled, null);
            }
            case CAMPAIGN -> {
                if (request.profile() != null || request.version() != null || request.bakeSeconds() != null) {
                    throw Refused.invalid("profile", "a campaign rule takes no profile, version or"
                            + " bakeSeconds");
                }
                yield new AutomationRule(name, request.alertRule(), action, null, null, null,
                        campaign(request.campaign()), mode, cooldown, enabled, null);
            }
        };
    }

    /** The profile, its version pinned now: a later edit to the profile must not change what automation applies. */
    private ProfileView profile(AutomationRuleRequest request) {
        if (request.profile() == null || request.profile().isBlank()) {
            throw Refused.invalid("profile", "profile is required for apply_profile");
        }
        return profiles.requestedProfile(request.profile(), request.version());
    }

    private int bakeSeconds(Integer requested) {
        long bake = requested == null ? rollouts.defaultBake().toSeconds() : requested;
        if (bake < rollouts.minBake().toSeconds() || bake > rollouts.maxBake().toSeconds()) {
            throw Refused.invalid("bakeSeconds", "bakeSeconds is " + rollouts.minBake().toSeconds() + " to "
                    + rollouts.maxBake().toSeconds() + " (tcpfleet.rollouts.min-bake, max-bake), got " + bake);
        }
        return (int) bake;
    }

    /** The campaign, checked against the limits and allowlist now; it runs from the alerting hosts. */
    private CampaignRequest campaign(CampaignRequest campaign) {
        if (campaign == null) {
            throw Refused.invalid("campaign", "campaign is required for a campaign rule: {\"target\":"
                    + " \"10.0.0.5:80\", \"connections\": ...}");
        }
        if (campaign.selector() != null) {
            throw Refused.invalid("campaign.selector", "an automated campaign runs from the alerting hosts;"
                    + " leave its selector out");
        }
        campaigns.validate(campaign);
        return campaign;
    }
}
