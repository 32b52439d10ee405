package dev.tcpfleet.domain.lb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class BackendTest {

    @ParameterizedTest
    @CsvSource({
            "10.0.0.1:8080, 10.0.0.1, 8080",
            "app-1.prod.example:443, app-1.prod.example, 443",
            "localhost:1, localhost, 1",
            "[::1]:80, ::1, 80",
            "[2001:db8::8:800:200c:417a]:65535, 2001:db8::8:800:200c:417a, 65535",
            "[1:2:3:4:5:6:7:8]:80, 1:2:3:4:5:6:7:8, 80",
            "[::ffff:192.0.2.1]:80, ::ffff:192.0.2.1, 80"})
    void readsHostAndPort(String text, String host, int port) {
        Backend backend = Backend.parse(text);
        assertEquals(new Backend(host, port), backend);
        assertEquals(text, backend.address());
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.1", "10.0.0.1:", "10.0.0.1:0", "10.0.0.1:65536", "10.0.0.1:99999999",
            "10.0.0.1:-1", "10.0.0.1:+80", "256.0.0.1:80", "010.0.0.1:80", "1.2.3:80", "::1:80", "[::1]80",
            "[::1:80", "[1:2:3:4:5:6:7:8:9]:80", "[1::2::3]:80", "[:::1]:80", "[::1%eth0]:80", "[host]:80",
            "-app:80", "app-:80", "a..b:80", ".:80", "1.2.3.4.5:80", ":80", ""})
    void refusesWhatIsNotHostAndPort(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Backend.parse(text));
        assertTrue(!e.getMessage().isBlank());
    }

    @Test
    void anUnbracketedIpv6AddressIsToldApartFromGarbage() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Backend.parse("fd00::1:80")).getMessage()
                .contains("without brackets"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Backend.parse("a:b;c:80")).getMessage()
                .contains("is not host:port"));
    }

    @Test
    void aReasonEchoesInputWithoutControlCharactersOrAMegabyte() {
        String reason = assertThrows(IllegalArgumentException.class,
                () -> Backend.parse("x\ny" + "z".repeat(1_000_000))).getMessage();
        assertTrue(reason.length() < 200, reason);
        assertTrue(!reason.contains("\n"), reason);
    }

    @Test
    void aNameLongerThanDnsAllowsIsRefused() {
        String name = ("a".repeat(63) + ".").repeat(4) + "com";
        assertThrows(IllegalArgumentException.class, () -> new Backend(name, 80));
        assertThrows(IllegalArgumentException.class, () -> new Backend("a".repeat(64) + ".com", 80));
    }
}
