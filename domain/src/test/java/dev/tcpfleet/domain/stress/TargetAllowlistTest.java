package dev.tcpfleet.domain.stress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TargetAllowlistTest {
    private static final TargetAllowlist ALLOWLIST = TargetAllowlist.of(
            List.of("10.20.0.0/16", "192.168.7.9", "fd00:1234::/32", "172.16.0.0/12"),
            List.of("443", "8000-8099"));

    @ParameterizedTest
    @CsvSource({
            "10.20.0.1, 443, true",
            "10.20.255.254, 8099, true",
            "10.21.0.1, 443, false",      // outside the /16
            "10.20.0.1, 8100, false",     // port outside the range
            "192.168.7.9, 8000, true",    // a bare address is a /32
            "192.168.7.10, 8000, false",
            "172.31.255.255, 443, true",  // a prefix that ends inside a byte
            "172.32.0.0, 443, false",
            "fd00:1234:ffff::1, 443, true",
            "fd00:1235::1, 443, false",
            "::ffff:10.20.3.4, 443, true", // IPv4-mapped IPv6 is the IPv4 address
            "::1, 443, false"
    })
    void permitsOnlyListedNetworksAndPorts(String address, int port, boolean permitted) throws UnknownHostException {
        assertEquals(permitted, ALLOWLIST.permits(InetAddress.getByName(address), port));
    }

    @Test
    void theNetworkAndThePortAreJudgedApartSoARefusalCanNameTheOneAtFault() throws UnknownHostException {
        assertTrue(ALLOWLIST.permitsAddress(InetAddress.getByName("10.20.0.1")));
        assertFalse(ALLOWLIST.permitsAddress(InetAddress.getByName("10.21.0.1")));
        assertTrue(ALLOWLIST.permitsPort(8050));
        assertFalse(ALLOWLIST.permitsPort(8100));
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.0/33", "fd00::/129", "example.com/24", "10.0.0.0/x", "not an address"})
    void refusesEntriesThatAreNoNetwork(String cidr) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TargetAllowlist.of(List.of(cidr), List.of("80")));
        assertEquals(true, e.getMessage().contains(cidr), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "65536", "90-80", "http"})
    void refusesEntriesThatAreNoPorts(String ports) {
        assertThrows(IllegalArgumentException.class, () -> TargetAllowlist.of(List.of("10.0.0.0/8"), List.of(ports)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.1", "::1"})
    void anEmptyAllowlistAllowsNothing(String address) throws UnknownHostException {
        assertEquals(false, TargetAllowlist.of(List.of(), List.of()).permits(InetAddress.getByName(address), 80));
    }
}
