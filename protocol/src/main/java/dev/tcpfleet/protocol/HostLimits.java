package dev.tcpfleet.protocol;

/**
 * Host-wide tables that refuse new connections when full.
 *
 * @param conntrackCount {@code net.netfilter.nf_conntrack_count}, null when the module is not loaded
 * @param conntrackMax   {@code net.netfilter.nf_conntrack_max}, null likewise
 * @param filesAllocated {@code fs.file-nr} first field: file handles allocated
 * @param filesMax       {@code fs.file-nr} third field: the system-wide maximum
 */
public record HostLimits(Long conntrackCount, Long conntrackMax, Long filesAllocated, Long filesMax) {
    public Double conntrackUsage() {
        return conntrackCount == null || conntrackMax == null || conntrackMax <= 0
                ? null : (double) conntrackCount / conntrackMax;
    }
}
