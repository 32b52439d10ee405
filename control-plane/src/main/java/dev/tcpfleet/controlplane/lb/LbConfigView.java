package dev.tcpfleet.controlplane.lb;

import dev.tcpfleet.domain.lb.KernelWarning;
import java.util.List;

/**
 * A rendered config and what the hosts' kernels say about it.
 *
 * @param config   the file's text
 * @param warnings kernel settings that would undercut it, by host
 */
public record LbConfigView(String config, List<Warning> warnings) {

    /**
     * @param hostId the host whose kernel is at fault
     * @param key    the sysctl, or null when the whole host could not be checked
     * @param detail why, worded to follow the key
     */
    public record Warning(String hostId, String key, String detail) {
        static Warning of(KernelWarning warning) {
            return new Warning(warning.hostId(), warning.key(), warning.detail());
        }
    }
}
