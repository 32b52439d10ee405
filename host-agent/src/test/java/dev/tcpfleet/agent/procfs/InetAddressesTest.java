package dev.tcpfleet.agent.procfs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class InetAddressesTest {

    /** Words as /proc/net/tcp6 prints them on a little-endian host, and what {@code ss} shows. */
    @ParameterizedTest
    @CsvSource({
            "00000000000000000000000001000000, ::1",
            "00000000000000000000000000000000, ::",
            "0000000000000000FFFF00000100007F, 127.0.0.1",
            "000080FE00000000FF020202FE030303, fe80::202:2ff:303:3fe",
            "B80D0120000000000000000001000000, 2001:db8::1",
            "B80D0120010000000000000001000000, 2001:db8:0:1::1",
            "B80D0120000000000100000000000000, 2001:db8::1:0:0"
    })
    void formatsIpv6AsRfc5952(String hex, String expected) {
        int[] words = new int[4];
        for (int i = 0; i < 4; i++) {
            words[i] = (int) Long.parseLong(hex.substring(i * 8, i * 8 + 8), 16);
        }
        assertEquals(expected, InetAddresses.format(true, words));
    }

    @ParameterizedTest
    @CsvSource({"0100007F, 127.0.0.1", "0A01A8C0, 192.168.1.10", "00000000, 0.0.0.0"})
    void formatsIpv4(String hex, String expected) {
        assertEquals(expected, InetAddresses.format(false, new int[] {(int) Long.parseLong(hex, 16), 0, 0, 0}));
    }

    @ParameterizedTest
    @CsvSource({"127.0.0.1, 127.0.0.1", "::1, ::1", "2001:0db8:0:0:0:0:0:1, 2001:db8::1", "::ffff:10.0.0.1, 10.0.0.1"})
    void formatsAJavaAddressAsTheKernelsWords(String address, String expected) throws UnknownHostException {
        assertEquals(expected, InetAddresses.format(InetAddress.getByName(address)));
    }
}
