package dev.tcpfleet.controlplane.automation;

import dev.tcpfleet.controlplane.campaigns.CampaignRequest;

/**
 * The body of {@code PUT /api/automation/rules/{name}}.
 *
 * @param action          {@code apply_profile} or {@code campaign}
 * @param version         the profile version; absent pins the newest when the rule is saved
 * @param mode            {@code propose} (default: an operator approves each action) or {@code auto}
 * @param cooldownSeconds default 1800
 */
public record AutomationRuleRequest(String alertRule, String action, String profile, Integer version,
        Integer bakeSeconds, CampaignRequest campaign, String mode, Integer cooldownSeconds, Boolean enabled) {
}
