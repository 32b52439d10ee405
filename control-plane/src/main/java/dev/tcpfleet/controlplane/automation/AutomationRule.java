package dev.tcpfleet.controlplane.automation;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.tcpfleet.controlplane.campaigns.CampaignRequest;

/**
 * What to do when an alert of {@code alertRule} fires, as stored and as {@code /api/automation/rules} shows it.
 *
 * @param profile         for {@code apply_profile}: the profile applied, pinned to {@code profileVersion}
 * @param bakeSeconds     for {@code apply_profile}: how long each wave of the rollout bakes before its gate
 * @param campaign        for {@code campaign}: the campaign started; without a selector it runs from the alerting
 *                        hosts
 * @param cooldownSeconds no other automated action touches a host for this long after one of this rule's actions
 *                        was decided on it; fixed on each action when decided, so an edit does not reach back
 * @param stoppedReason   why the rule was stopped (disabled) by what it depends on, not by an admin: the alert rule
 *                        or profile it uses was deleted with force, or its pinned profile version is gone; null
 *                        otherwise, and cleared when the rule is saved again
 */
public record AutomationRule(String name, String alertRule, Action action, String profile, Integer profileVersion,
        Integer bakeSeconds, CampaignRequest campaign, Mode mode, int cooldownSeconds, boolean enabled,
        String stoppedReason) {

    public enum Action {
        @JsonProperty("apply_profile") APPLY_PROFILE,
        @JsonProperty("campaign") CAMPAIGN
    }

    /** AUTO acts at once; PROPOSE records the action for an operator to approve or reject. */
    public enum Mode {
        @JsonProperty("auto") AUTO,
        @JsonProperty("propose") PROPOSE
    }
}
