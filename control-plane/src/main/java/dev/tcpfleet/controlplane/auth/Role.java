package dev.tcpfleet.controlplane.auth;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.tcpfleet.controlplane.errors.Choices;

/** What a token may do; each role may do everything the roles before it may. */
public enum Role {
    /** Reads, and computations that change nothing (selector previews, load-balancer configs). */
    VIEWER,
    /** Acts on the fleet: commands, rollouts, campaigns, silences, automation proposals; reads the audit trail. */
    OPERATOR,
    /** Decides what may be done: profiles, alert and automation rules, tokens. */
    ADMIN;

    public boolean includes(Role needed) {
        return compareTo(needed) >= 0;
    }

    @JsonValue
    public String apiName() {
        return Choices.name(this);
    }
}
