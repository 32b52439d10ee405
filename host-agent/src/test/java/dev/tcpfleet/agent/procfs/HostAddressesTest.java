package dev.tcpfleet.agent.procfs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostAddressesTest {
    @TempDir
    Path root;

    private static List<InetAddress> addresses(String... texts) throws IOException {
        List<InetAddress> list = new ArrayList<>();
        for (String text : texts) {
            list.add(InetAddress.getByName(text));
        }
        return list;
    }

    @Test
    void theDefaultRoutesInterfaceComesFirstIpv4BeforeIpv6AndLocalOnesAreLeftOut() throws IOException {
        Map<String, List<InetAddress>> byInterface = new LinkedHashMap<>();
        byInterface.put("docker0", addresses("172.17.0.1"));
        byInterface.put("eth0", addresses("fe80::1", "2001:db8::5", "10.0.0.5"));
        byInterface.put("lo", addresses("127.0.0.1", "::1"));

        assertEquals(List.of("10.0.0.5", "2001:db8::5", "172.17.0.1"), HostAddresses.order(byInterface, "eth0"));
        assertEquals(List.of("172.17.0.1", "10.0.0.5", "2001:db8::5"), HostAddresses.order(byInterface, null));
    }

    @Test
    void theDefaultRouteIsReadFromTheRoutingTable() throws IOException {
        Files.createDirectories(root.resolve("net"));
        Files.writeString(root.resolve("net/route"), """
                Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT
                eth1\t000200C0\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0
                eth0\t00000000\t010200C0\t0003\t0\t0\t0\t00000000\t0\t0\t0
                """);
        assertEquals(Optional.of("eth0"), new HostAddresses(new ProcFs(root)).defaultRouteInterface());
        assertEquals(Optional.empty(), new HostAddresses(new ProcFs(root.resolve("none"))).defaultRouteInterface());
    }
}
