package dev.tcpfleet.agent.stress;

import java.util.Map;

/**
 * What this host has left for a test toward one target. A null figure could not be read (see {@code unknown})
 * or does not apply, e.g. no conntrack table without the module.
 *
 * @param ephemeralPortsFree  the ephemeral range less the ports sockets toward the target hold now
 * @param conntrackFree       {@code nf_conntrack_max - nf_conntrack_count}
 * @param processFilesFree    this process's open-file limit less its open descriptors
 * @param systemFilesFree     {@code fs.file-nr}'s maximum less the handles allocated
 * @param unknown             figure → why it is missing
 */
public record Headroom(Long ephemeralPortsFree, Long conntrackFree, Long processFilesFree, Long systemFilesFree,
                       Map<String, String> unknown) {
    public Headroom {
        unknown = Map.copyOf(unknown);
    }
}
