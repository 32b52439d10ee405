package dev.tcpfleet.controlplane.changes;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * Something done to a host, to draw on its trends' time axis: an apply, rollback or confirm (dry runs change
 * nothing and are left out), or a campaign it took part in. Fields that do not apply to its type are absent.
 *
 * @param at         when the command was sent or the campaign started
 * @param until      a campaign's end on this host: its answer, the campaign's stop or its deadline, the earliest
 * @param type       apply, rollback, confirm or campaign
 * @param id         the command's or the campaign's id
 * @param version    the applied profile's version
 * @param outcome    the host's answer to a command (APPLIED, REVERTED, ...); absent until it answers
 * @param answeredAt when the host finished the command, by its own clock
 * @param effect     an applied apply's effect, once its window has passed and it is measured
 * @param kind       a campaign's kind: connect_load or latency_probe
 * @param actor      who or what made it: {@code user:<token name>}, {@code automation:<rule>},
 *                   {@code closed-loop:<rule>} or {@code rollout-gate}; absent for a change from before attribution
 *                   whose maker is unknown
 * @param rolloutId  the rollout it is a wave of
 * @param actionId   the automation action it belongs to
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ChangeEvent(Instant at, Instant until, String type, String id, String hostId, String profile,
        Integer version, String outcome, Instant answeredAt, EffectView effect, String kind, String actor,
        String rolloutId, String actionId) {

    /** Who made a change and what it belongs to, as its row keeps them. */
    record Attribution(String actor, String rolloutId, String actionId) {
    }

    static ChangeEvent command(Instant at, String action, String id, String hostId, String profile, Integer version,
            String outcome, Instant answeredAt, EffectView effect, Attribution by) {
        return new ChangeEvent(at, null, action, id, hostId, profile, version, outcome, answeredAt, effect, null,
                by.actor(), by.rolloutId(), by.actionId());
    }

    static ChangeEvent campaign(Instant at, Instant until, String id, String hostId, String kind, Attribution by) {
        return new ChangeEvent(at, until, "campaign", id, hostId, null, null, null, null, null, kind, by.actor(),
                by.rolloutId(), by.actionId());
    }
}
