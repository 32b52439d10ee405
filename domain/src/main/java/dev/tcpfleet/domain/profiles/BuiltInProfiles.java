package dev.tcpfleet.domain.profiles;

import static dev.tcpfleet.domain.sysctl.SysctlCatalogue.RMEM_MAX;
import static dev.tcpfleet.domain.sysctl.SysctlCatalogue.SOMAXCONN;
import static dev.tcpfleet.domain.sysctl.SysctlCatalogue.TCP_CONGESTION_CONTROL;
import static dev.tcpfleet.domain.sysctl.SysctlCatalogue.TCP_KEEPALIVE_TIME;
import static dev.tcpfleet.domain.sysctl.SysctlCatalogue.TCP_MAX_SYN_BACKLOG;
import static dev.tcpfleet.domain.sysctl.SysctlCatalogue.TCP_RMEM;
import static dev.tcpfleet.domain.sysctl.SysctlCatalogue.TCP_TW_REUSE;
import static dev.tcpfleet.domain.sysctl.SysctlCatalogue.TCP_WMEM;
import static dev.tcpfleet.domain.sysctl.SysctlCatalogue.WMEM_MAX;

import java.util.List;
import java.util.Map;

/**
 * The settings of the shell script tcpfleet replaces, as profiles: the script's own values, and its per-environment
 * variants as overlays on them.
 */
public final class BuiltInProfiles {

    public static final String BASELINE = "old-script-baseline";
    public static final String DEV = "old-script-dev";
    public static final String STAGING = "old-script-staging";
    public static final String PROD = "old-script-prod";

    private static final SysctlProfile OLD_SCRIPT = new SysctlProfile(BASELINE, 1,
            "The old tuning script's settings as it shipped them, with its default keepalive time of 7200 s.",
            Map.ofEntries(
                    Map.entry(TCP_KEEPALIVE_TIME, "7200"),
                    Map.entry("net.ipv4.tcp_keepalive_probes", "9"),
                    Map.entry("net.ipv4.tcp_keepalive_intvl", "75"),
                    Map.entry(TCP_TW_REUSE, "1"),
                    Map.entry("net.ipv4.tcp_fin_timeout", "60"),
                    Map.entry("net.core.rmem_default", "262144"),
                    Map.entry(RMEM_MAX, "16777216"),
                    Map.entry("net.core.wmem_default", "262144"),
                    Map.entry(WMEM_MAX, "16777216"),
                    Map.entry(TCP_RMEM, "4096 87380 16777216"),
                    Map.entry(TCP_WMEM, "4096 65536 16777216"),
                    Map.entry(SOMAXCONN, "65535"),
                    Map.entry(TCP_MAX_SYN_BACKLOG, "65535"),
                    Map.entry("net.ipv4.tcp_no_metrics_save", "1"),
                    Map.entry("net.ipv4.tcp_moderate_rcvbuf", "1"),
                    Map.entry(TCP_CONGESTION_CONTROL, "bbr")));

    // 7200 s outlives the idle timeout of load balancers and NAT gateways (AWS NLB and NAT gateway 350 s), which then
    // forget the flow silently; probing after 300 s keeps pooled connections alive through them.
    private static final Map<String, String> BEHIND_LOAD_BALANCERS = Map.of(TCP_KEEPALIVE_TIME, "300");

    // Dev VMs have a few GiB of RAM, where 16 MiB per socket adds up; 4 MiB still fills 1 Gbit/s to peers within 15 ms.
    private static final Map<String, String> SMALL_HOSTS = Map.of(
            RMEM_MAX, "4194304",
            WMEM_MAX, "4194304",
            TCP_RMEM, "4096 87380 4194304",
            TCP_WMEM, "4096 65536 4194304");

    private static final SysctlProfile PROD_PROFILE = OLD_SCRIPT.overlay(PROD,
            "The old script for production: keepalive probes start after 300 s, within load balancers' idle timeout.",
            BEHIND_LOAD_BALANCERS);

    // Staging gets exactly production's settings, so a rollout's staging wave tests what production will run.
    private static final SysctlProfile STAGING_PROFILE = PROD_PROFILE.overlay(STAGING,
            "The old script for staging: the same settings as " + PROD + ".", Map.of());

    private static final SysctlProfile DEV_PROFILE = PROD_PROFILE.overlay(DEV,
            "The old script for development: " + PROD + " with buffers capped at 4 MiB for small VMs.", SMALL_HOSTS);

    private static final List<SysctlProfile> ALL = List.of(OLD_SCRIPT, DEV_PROFILE, STAGING_PROFILE, PROD_PROFILE);

    private BuiltInProfiles() {
    }

    public static SysctlProfile oldScript() {
        return OLD_SCRIPT;
    }

    public static SysctlProfile dev() {
        return DEV_PROFILE;
    }

    public static SysctlProfile staging() {
        return STAGING_PROFILE;
    }

    public static SysctlProfile prod() {
        return PROD_PROFILE;
    }

    /** The baseline, then dev, staging and prod. */
    public static List<SysctlProfile> all() {
        return ALL;
    }
}
