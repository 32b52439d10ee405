package dev.tcpfleet.domain.sysctl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SysctlCatalogueTest {

    @Test
    void keysAreUniqueAndEveryOneIsANetworkSysctl() {
        Set<String> keys = SysctlCatalogue.all().stream().map(SysctlSpec::key).collect(Collectors.toSet());
        assertEquals(SysctlCatalogue.all().size(), keys.size());
        keys.forEach(key -> assertTrue(key.startsWith("net."), key));
    }

    @Test
    void everySpecIsDescribedAndFoundByItsKey() {
        for (SysctlSpec spec : SysctlCatalogue.all()) {
            assertFalse(spec.description().isBlank(), spec.key());
            assertEquals(spec, SysctlCatalogue.find(spec.key()).orElseThrow());
        }
    }

    @Test
    void tcpTwReuseAcceptsLoopbackOnlyMode() {
        SysctlSpec reuse = SysctlCatalogue.find(SysctlCatalogue.TCP_TW_REUSE).orElseThrow();
        assertEquals(ValueType.ENUM, reuse.type());
        assertEquals(0, reuse.min());
        assertEquals(2, reuse.max());
    }

    @Test
    void tcpTwRecycleCannotBeManaged() {
        assertTrue(SysctlCatalogue.find("net.ipv4.tcp_tw_recycle").isEmpty());
    }

    @ParameterizedTest
    @CsvSource({
            "net.ipv4.tcp_rmem, TRIPLE",
            "net.ipv4.tcp_wmem, TRIPLE",
            "net.ipv4.ip_local_port_range, PORT_RANGE",
            "net.ipv4.tcp_congestion_control, CONGESTION_CONTROL",
            "net.ipv4.tcp_moderate_rcvbuf, BOOLEAN",
            "net.ipv4.tcp_timestamps, BOOLEAN",
            "net.ipv4.tcp_sack, BOOLEAN",
            "net.core.somaxconn, INTEGER"})
    void valueTypes(String key, ValueType type) {
        assertEquals(type, SysctlCatalogue.find(key).orElseThrow().type());
    }

    @Test
    void portRangeStaysAboveTheWellKnownPorts() {
        SysctlSpec range = SysctlCatalogue.find(SysctlCatalogue.IP_LOCAL_PORT_RANGE).orElseThrow();
        assertEquals(1024, range.min());
        assertEquals(65535, range.max());
    }

    @ParameterizedTest
    @CsvSource({
            "net.ipv4.tcp_rmem, net/ipv4/tcp_rmem",
            "net.core.somaxconn, net/core/somaxconn",
            "net.ipv4.conf.eth0/100.rp_filter, net/ipv4/conf/eth0.100/rp_filter"})
    void procSysPathTurnsDotsIntoDirectories(String key, String path) {
        assertEquals(path, SysctlCatalogue.procSysPath(key));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "net..core", "net.ipv4.", "net./..x", "net.ipv4.//"})
    void procSysPathRefusesKeysThatNameNoFileBelowProcSys(String key) {
        assertThrows(IllegalArgumentException.class, () -> SysctlCatalogue.procSysPath(key));
    }
}
