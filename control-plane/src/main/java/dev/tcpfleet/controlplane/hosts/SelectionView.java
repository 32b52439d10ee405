package dev.tcpfleet.controlplane.hosts;

import java.util.List;

/**
 * A selector's preview: what an operation sent to it would reach now.
 *
 * @param count   how many hosts are selected
 * @param hosts   the selected hosts
 * @param stale   matching hosts left out because they have not reported lately
 * @param unknown listed ids that are not registered hosts
 */
public record SelectionView(int count, List<HostView> hosts, List<String> stale, List<String> unknown) {
}
