package dev.tcpfleet.domain.profiles;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class BuiltInProfilesTest {

    static List<SysctlProfile> profiles() {
        return BuiltInProfiles.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("profiles")
    void validWithoutAHostAndOnAHostWithBbr(SysctlProfile profile) {
        assertEquals(List.of(), ProfileValidator.validate(profile.settings(), null));
        assertEquals(List.of(), ProfileValidator.validate(profile.settings(), Set.of("reno", "cubic", "bbr")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("profiles")
    void refusedOnAHostWithoutBbr(SysctlProfile profile) {
        assertEquals(List.of(new Violation("net.ipv4.tcp_congestion_control",
                        "bbr is not available on this host (available: cubic reno); load tcp_bbr first")),
                ProfileValidator.validate(profile.settings(), Set.of("reno", "cubic")));
    }

    @Test
    void baselineIsTheOldScriptAsItShipped() {
        SysctlProfile baseline = BuiltInProfiles.oldScript();
        assertEquals(BuiltInProfiles.BASELINE, baseline.name());
        assertEquals(Map.ofEntries(
                Map.entry("net.ipv4.tcp_keepalive_time", "7200"),
                Map.entry("net.ipv4.tcp_keepalive_probes", "9"),
                Map.entry("net.ipv4.tcp_keepalive_intvl", "75"),
                Map.entry("net.ipv4.tcp_tw_reuse", "1"),
                Map.entry("net.ipv4.tcp_fin_timeout", "60"),
                Map.entry("net.core.rmem_default", "262144"),
                Map.entry("net.core.rmem_max", "16777216"),
                Map.entry("net.core.wmem_default", "262144"),
                Map.entry("net.core.wmem_max", "16777216"),
                Map.entry("net.ipv4.tcp_rmem", "4096 87380 16777216"),
                Map.entry("net.ipv4.tcp_wmem", "4096 65536 16777216"),
                Map.entry("net.core.somaxconn", "65535"),
                Map.entry("net.ipv4.tcp_max_syn_backlog", "65535"),
                Map.entry("net.ipv4.tcp_no_metrics_save", "1"),
                Map.entry("net.ipv4.tcp_moderate_rcvbuf", "1"),
                Map.entry("net.ipv4.tcp_congestion_control", "bbr")), baseline.settings());
    }

    @Test
    void variantsDifferFromTheBaselineOnlyWhereTheirEnvironmentNeedsIt() {
        assertEquals(Map.of("net.ipv4.tcp_keepalive_time", "300"), changes(BuiltInProfiles.prod()));
        assertEquals(BuiltInProfiles.prod().settings(), BuiltInProfiles.staging().settings());
        assertEquals(Map.of(
                "net.ipv4.tcp_keepalive_time", "300",
                "net.core.rmem_max", "4194304",
                "net.core.wmem_max", "4194304",
                "net.ipv4.tcp_rmem", "4096 87380 4194304",
                "net.ipv4.tcp_wmem", "4096 65536 4194304"), changes(BuiltInProfiles.dev()));
    }

    @Test
    void allListsTheBaselineThenEachEnvironment() {
        assertEquals(List.of(BuiltInProfiles.BASELINE, BuiltInProfiles.DEV, BuiltInProfiles.STAGING, BuiltInProfiles.PROD),
                BuiltInProfiles.all().stream().map(SysctlProfile::name).toList());
        BuiltInProfiles.all().forEach(profile -> assertEquals(1, profile.version(), profile.name()));
    }

    /** The settings in which {@code variant} differs from the baseline; every variant sets every baseline key. */
    private static Map<String, String> changes(SysctlProfile variant) {
        assertEquals(BuiltInProfiles.oldScript().settings().keySet(), variant.settings().keySet());
        Map<String, String> changed = new TreeMap<>(variant.settings());
        changed.entrySet().removeAll(BuiltInProfiles.oldScript().settings().entrySet());
        return changed;
    }
}
