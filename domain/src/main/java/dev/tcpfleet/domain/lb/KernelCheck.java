package dev.tcpfleet.domain.lb;

import dev.tcpfleet.domain.sysctl.SysctlCatalogue;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * The kernel limits a rendered config would run into, on the balancer's host and on each backend's. A value that
 * is missing or unreadable is skipped: these are warnings, and a guess would be worse than silence.
 */
public final class KernelCheck {
    public static final String FILE_MAX = "fs.file-max";

    private KernelCheck() {
    }

    /**
     * @param balancer the host the balancer runs on, or null when it is not a known host
     * @param backends the backends' hosts that are known
     */
    public static List<KernelWarning> check(LbSpec spec, HostKernel balancer, List<HostKernel> backends) {
        List<KernelWarning> warnings = new ArrayList<>();
        if (balancer != null) {
            checkBalancer(spec, balancer, warnings);
        }
        // with no per-server limit, a burst of maxconn new connections spreads over the backends
        long share = (spec.maxconn() + spec.backends().size() - 1) / spec.backends().size();
        for (HostKernel backend : backends) {
            number(backend, SysctlCatalogue.SOMAXCONN).ifPresent(somaxconn -> {
                if (somaxconn < share) {
                    warnings.add(new KernelWarning(backend.hostId(), SysctlCatalogue.SOMAXCONN, "is " + somaxconn
                            + ": a burst of maxconn " + spec.maxconn() + " new connections over "
                            + spec.backends().size() + " backends queues about " + share
                            + " here, and every listen backlog on this host is capped at " + somaxconn));
                }
            });
        }
        return warnings;
    }

    private static void checkBalancer(LbSpec spec, HostKernel host, List<KernelWarning> warnings) {
        number(host, SysctlCatalogue.SOMAXCONN).ifPresent(somaxconn -> {
            if (somaxconn < spec.backlog()) {
                warnings.add(new KernelWarning(host.hostId(), SysctlCatalogue.SOMAXCONN, "is " + somaxconn
                        + ": the frontend's listen backlog " + spec.backlog() + " is silently cut to it, so a burst "
                        + "of connections beyond it is dropped or answered with SYN cookies"));
            }
        });
        number(host, SysctlCatalogue.TCP_MAX_SYN_BACKLOG).ifPresent(synBacklog -> {
            if (synBacklog < spec.backlog()) {
                warnings.add(new KernelWarning(host.hostId(), SysctlCatalogue.TCP_MAX_SYN_BACKLOG, "is " + synBacklog
                        + ", below the listen backlog " + spec.backlog() + ": half-open connections beyond it are "
                        + "dropped or answered with SYN cookies before they can reach the accept queue"));
            }
        });
        portRangeSize(host).ifPresent(ports -> {
            long needed = (long) spec.maxconn() + spec.keepalivePool();
            if (ports < needed) {
                warnings.add(new KernelWarning(host.hostId(), SysctlCatalogue.IP_LOCAL_PORT_RANGE, "gives " + ports
                        + " local ports to each backend address, fewer than maxconn " + spec.maxconn()
                        + " plus the keepalive pool " + spec.keepalivePool() + " that may all go to one backend "
                        + "when the others are down: connects would fail with EADDRNOTAVAIL"));
            }
        });
        number(host, FILE_MAX).ifPresent(fileMax -> {
            long needed = 2L * spec.maxconn();
            if (fileMax < needed) {
                warnings.add(new KernelWarning(host.hostId(), FILE_MAX, "is " + fileMax + ": maxconn "
                        + spec.maxconn() + " needs about " + needed
                        + " file descriptors, one for the client and one for the backend of each connection"));
            }
        });
    }

    private static OptionalLong number(HostKernel host, String key) {
        String[] fields = fields(host, key);
        return fields.length == 1 ? parse(fields[0]) : OptionalLong.empty();
    }

    private static OptionalLong portRangeSize(HostKernel host) {
        String[] fields = fields(host, SysctlCatalogue.IP_LOCAL_PORT_RANGE);
        if (fields.length != 2) {
            return OptionalLong.empty();
        }
        OptionalLong low = parse(fields[0]);
        OptionalLong high = parse(fields[1]);
        return low.isPresent() && high.isPresent() && high.getAsLong() >= low.getAsLong()
                ? OptionalLong.of(high.getAsLong() - low.getAsLong() + 1) : OptionalLong.empty();
    }

    private static String[] fields(HostKernel host, String key) {
        String value = host.sysctls().get(key);
        return value == null || value.isBlank() ? new String[0] : value.strip().split("\\s+");
    }

    private static OptionalLong parse(String text) {
        try {
            return OptionalLong.of(Long.parseLong(text));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }
}
