package dev.tcpfleet.controlplane.alerts;

import dev.tcpfleet.controlplane.hosts.Host;
import dev.tcpfleet.protocol.Finding;

/**
 * An alert with what a receiver such as Alertmanager routes and acts on besides its terms.
 *
 * @param selector its rule's label selector, null when the rule covers every host
 * @param runbook  its rule's runbook link, or null
 * @param host     its host, null for fleet and campaign alerts (and a host not known any more)
 * @param finding  the most urgent finding of its host's newest snapshot while it fires, or null
 */
public record AlertContext(AlertView alert, String selector, String runbook, Host host, Finding finding) {
}
