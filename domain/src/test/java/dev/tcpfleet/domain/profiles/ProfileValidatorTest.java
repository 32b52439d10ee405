package dev.tcpfleet.domain.profiles;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ProfileValidatorTest {

    private static final Set<String> HOST_WITHOUT_BBR = Set.of("reno", "cubic");

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', textBlock = """
            net.ipv4.tcp_keepalive_time     | 1
            net.ipv4.tcp_keepalive_time     | 32767
            net.ipv4.tcp_moderate_rcvbuf    | 0
            net.ipv4.tcp_tw_reuse           | 2
            net.ipv4.tcp_notsent_lowat      | 4294967295
            net.ipv4.tcp_rmem               | 4096 4096 4096
            net.ipv4.tcp_wmem               | 4096 65536 1073741824
            net.ipv4.ip_local_port_range    | 1024 65535
            net.ipv4.tcp_congestion_control | cubic
            net.ipv4.tcp_congestion_control | bbr
            net.ipv4.tcp_timestamps         | 1
            net.ipv4.tcp_sack               | 1
            net.ipv4.tcp_syncookies         | 2
            """)
    void acceptsValuesWithinTheirSpec(String key, String value) {
        assertEquals(List.of(), ProfileValidator.validate(Map.of(key, value), null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"NET.ipv4.tcp_rmem", "net..core", "net.ipv4.", "net/ipv4/tcp_rmem", "net.ipv4.tcp_rmem;reboot",
            "net.ipv4.tcp rmem", "net.ipv4.tcp_rmem\n"})
    void keysMustLookLikeSysctlNames(String key) {
        assertRejected(key, "1", "not a sysctl name: dotted lowercase letters, digits and _ - / only");
    }

    @Test
    void removedKeysSayWhenAndWhy() {
        assertRejected("net.ipv4.tcp_tw_recycle", "0",
                "removed in Linux 4.12: it broke clients behind NAT; use tcp_tw_reuse");
    }

    @ParameterizedTest
    @ValueSource(strings = {"kernel.pid_max", "vm.swappiness", "fs.file-max", "dev.raid.speed_limit_min",
            "user.max_user_namespaces", "abi.vsyscall32", "debug.exception-trace", "crypto.fips_enabled",
            "sunrpc.tcp_slot_table_entries"})
    void onlyNetworkKeysAreInScope(String key) {
        assertRejected(key, "1", "outside TCP tuning scope: tcpfleet manages net.* keys only");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            net.ipv4.ip_forward                    | routers, Kubernetes nodes and Docker hosts forward packets between interfaces
            net.ipv4.conf.all.forwarding           | routers, Kubernetes nodes and Docker hosts forward packets between interfaces
            net.ipv6.conf.eth0.forwarding          | routers, Kubernetes nodes and Docker hosts forward packets between interfaces
            net.ipv4.conf.all.rp_filter            | reverse-path filtering drops asymmetric routes and pod traffic
            net.ipv4.conf.eth0/100.rp_filter       | reverse-path filtering drops asymmetric routes and pod traffic
            net.ipv4.conf.default.accept_redirects | ICMP redirects rewrite the host's routes
            net.ipv6.conf.all.send_redirects       | ICMP redirects rewrite the host's routes
            net.bridge.bridge-nf-call-iptables     | bridge netfilter carries container and pod traffic
            net.netfilter.nf_conntrack_max         | connection tracking backs NAT and the firewall
            """)
    void keysThatBreakRoutingOrContainerNetworkingAreRefused(String key, String why) {
        assertRejected(key, "1", "would change routing / container networking: " + why);
    }

    @ParameterizedTest
    @ValueSource(strings = {"net.ipv4.tcp_low_latency", "net.core.default_qdisc", "net.ipv4.tcp_ecn"})
    void keysOutsideTheCatalogueAreUnknown(String key) {
        assertRejected(key, "1", "not in tcpfleet's catalogue of tunable keys");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "\t\n"})
    void aValueIsRequired(String value) {
        assertRejected("net.core.somaxconn", value, "a value is required");
    }

    @ParameterizedTest
    @ValueSource(strings = {"4096; reboot", "$(reboot)", "`reboot`", "4096 && reboot", "4096 | tee /etc/passwd",
            "\"4096\"", "4096 > /proc/sys/vm/drop_caches", "4096\u0000", "4096 # comment"})
    void valuesAreDataNeverShell(String value) {
        assertRejected("net.core.somaxconn", value, "values are data: only letters, digits, spaces and _ . - are allowed");
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', textBlock = """
            net.ipv4.tcp_keepalive_time     | 0                     | must be between 1 and 32767, not 0
            net.ipv4.tcp_keepalive_time     | -5                    | must be between 1 and 32767, not -5
            net.ipv4.tcp_keepalive_time     | 32768                 | must be between 1 and 32767, not 32768
            net.ipv4.tcp_keepalive_time     | 99999999999999999999  | must be between 1 and 32767, not 99999999999999999999
            net.ipv4.tcp_keepalive_time     | abc                   | must be an integer, not "abc"
            net.ipv4.tcp_keepalive_time     | 1 2                   | must be an integer, not "1 2"
            net.ipv4.tcp_keepalive_time     | 1.5                   | must be an integer, not "1.5"
            net.ipv4.tcp_keepalive_time     | 0600                  | must be an integer, not "0600"
            net.ipv4.tcp_moderate_rcvbuf    | -0                    | must be an integer, not "-0"
            net.ipv4.tcp_moderate_rcvbuf    | 2                     | must be between 0 and 1, not 2
            net.ipv4.tcp_tw_reuse           | 3                     | must be between 0 and 2, not 3
            net.ipv4.tcp_rmem               | 8192 4096 16777216    | min 8192 > default 4096
            net.ipv4.tcp_rmem               | 4096 87380 65536      | default 87380 > max 65536
            net.ipv4.tcp_rmem               | 0 87380 16777216      | min must be between 4096 and 1073741824, not 0
            net.ipv4.tcp_wmem               | 4096 65536 2147483648 | max must be between 4096 and 1073741824, not 2147483648
            net.ipv4.tcp_rmem               | 4096 87380            | must be three integers "min default max", not "4096 87380"
            net.ipv4.tcp_rmem               | 4096 87380 -          | must be three integers "min default max", not "4096 87380 -"
            net.ipv4.ip_local_port_range    | 80 60999              | low must be between 1024 and 65535, not 80
            net.ipv4.ip_local_port_range    | 1024 70000            | high must be between 1024 and 65535, not 70000
            net.ipv4.ip_local_port_range    | 60999 32768           | low 60999 must be below high 32768
            net.ipv4.ip_local_port_range    | 40000 40000           | low 40000 must be below high 40000
            net.ipv4.ip_local_port_range    | 32768                 | must be two ports "low high", not "32768"
            net.ipv4.tcp_congestion_control | Cubic                 | must be the name of a congestion control algorithm such as cubic or bbr, not "Cubic"
            net.ipv4.tcp_congestion_control | tcp-bbr               | must be the name of a congestion control algorithm such as cubic or bbr, not "tcp-bbr"
            """)
    void valuesMustFitTheirType(String key, String value, String reason) {
        assertRejected(key, value, reason);
    }

    @ParameterizedTest(name = "{0}=0")
    @CsvSource(delimiter = '|', textBlock = """
            net.ipv4.tcp_timestamps | disables PAWS and RTT measurement; tcp_tw_reuse needs timestamps
            net.ipv4.tcp_sack       | without selective acknowledgements a window with several losses takes a round trip per loss
            net.ipv4.tcp_syncookies | turns off the SYN-flood defence
            """)
    void valuesKnownToHurtAreRefused(String key, String why) {
        assertRejected(key, "0", "0 is harmful: " + why);
    }

    @Test
    void valuesLongerThanAnyKernelValueAreRefused() {
        Map<String, String> settings = Map.of("net.core.somaxconn", "1".repeat(ProfileValidator.MAX_VALUE_LENGTH + 1));
        assertEquals(List.of(new Violation("net.core.somaxconn", "values are data: at most 256 characters")),
                ProfileValidator.validate(settings, null));
    }

    @Test
    void tabsAndRunsOfSpacesAreCheckedAsTheKernelPrintsThem() {
        assertEquals("4096 87380 16777216", ProfileValidator.normalise("\t4096\t87380  \t16777216\n"));
        assertEquals(List.of(), ProfileValidator.validate(Map.of("net.ipv4.tcp_rmem", "4096\t87380\t16777216"), null));
    }

    @Test
    void congestionControlMustBeOneTheHostHasLoaded() {
        Map<String, String> bbr = Map.of("net.ipv4.tcp_congestion_control", "bbr");
        assertEquals(List.of(new Violation("net.ipv4.tcp_congestion_control",
                        "bbr is not available on this host (available: cubic reno); load tcp_bbr first")),
                ProfileValidator.validate(bbr, HOST_WITHOUT_BBR));
        assertEquals(List.of(), ProfileValidator.validate(bbr, Set.of("reno", "cubic", "bbr")));
    }

    @Test
    void aHostListingNoAlgorithmAcceptsNone() {
        assertEquals(List.of(new Violation("net.ipv4.tcp_congestion_control",
                        "cubic is not available on this host (available: none); load tcp_cubic first")),
                ProfileValidator.validate(Map.of("net.ipv4.tcp_congestion_control", "cubic"), Set.of()));
    }

    @Test
    void aProfileMustSetSomething() {
        List<Violation> expected = List.of(new Violation(Violation.WHOLE_PROFILE, "a profile must set at least one key"));
        assertEquals(expected, ProfileValidator.validate(Map.of(), null));
        assertEquals(expected, ProfileValidator.validate(null, null));
    }

    @Test
    void oneViolationPerKeyInKeyOrder() {
        TreeMap<String, String> settings = new TreeMap<>(Map.of(
                "vm.swappiness", "0",
                "net.ipv4.tcp_tw_recycle", "1",
                "net.core.somaxconn", "$(reboot)",
                "net.ipv4.tcp_fin_timeout", "30",
                "kernel.pid_max", "1"));
        List<String> keys = ProfileValidator.validate(settings.descendingMap(), null).stream()
                .map(Violation::key).toList();
        assertEquals(List.of("kernel.pid_max", "net.core.somaxconn", "net.ipv4.tcp_tw_recycle", "vm.swappiness"), keys);
    }

    @Test
    void messageNamesTheKey() {
        assertEquals("net.ipv4.tcp_sack: 0 is harmful", new Violation("net.ipv4.tcp_sack", "0 is harmful").message());
        assertEquals("a profile must set at least one key",
                new Violation(Violation.WHOLE_PROFILE, "a profile must set at least one key").message());
    }

    private static void assertRejected(String key, String value, String reason) {
        assertEquals(List.of(new Violation(key, reason)), ProfileValidator.validate(Map.of(key, value), null));
    }
}
