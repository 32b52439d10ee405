package dev.tcpfleet.controlplane.commands;

import dev.tcpfleet.controlplane.hosts.SelectorRequest;
import java.util.List;

/**
 * The body of {@code POST /api/commands}.
 *
 * @param action     {@code apply}, {@code rollback} or {@code confirm}
 * @param hosts      registered host ids, each at most once; or else
 * @param selector   which hosts, by ids, labels or all (stale hosts left out unless it says otherwise)
 * @param profile    for apply: the profile's name
 * @param version    for apply: its version; absent means the newest
 * @param dryRun     for apply: hosts report the diff and change nothing
 * @param rollbackOf for rollback: the id of the apply command to undo; absent means each host's last one
 * @param confirmWithinSeconds for apply: each host reverts the apply by itself unless a confirm arrives within
 *                   this many seconds; absent means no window
 * @param confirmOf  for confirm: the id of the apply command to keep
 */
public record CommandRequest(String action, List<String> hosts, SelectorRequest selector, String profile, Integer version, boolean dryRun,
        String rollbackOf, Integer confirmWithinSeconds, String confirmOf) {
}
