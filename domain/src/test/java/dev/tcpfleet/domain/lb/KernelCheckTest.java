package dev.tcpfleet.domain.lb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KernelCheckTest {
    private static final LbSpec SPEC = LbSpec.builder().backends(LbSpecTest.TWO).maxconn(4096).build();
    private static final Map<String, String> ROOMY = Map.of(
            "net.core.somaxconn", "4096",
            "net.ipv4.tcp_max_syn_backlog", "4096",
            "net.ipv4.ip_local_port_range", "32768\t60999",
            "fs.file-max", "9223372036854775807");

    @Test
    void aRoomyKernelGetsNoWarning() {
        assertEquals(List.of(), KernelCheck.check(SPEC, new HostKernel("lb", ROOMY),
                List.of(new HostKernel("b1", ROOMY), new HostKernel("b2", ROOMY))));
    }

    @Test
    void theBalancersLimitsBelowTheConfigAreNamedWithHostKeyAndReason() {
        List<KernelWarning> warnings = KernelCheck.check(SPEC, new HostKernel("lb-1", Map.of(
                "net.core.somaxconn", "128",
                "net.ipv4.tcp_max_syn_backlog", "1024",
                "net.ipv4.ip_local_port_range", "50000 52000",
                "fs.file-max", "5000")), List.of());
        assertEquals(List.of("net.core.somaxconn", "net.ipv4.tcp_max_syn_backlog", "net.ipv4.ip_local_port_range",
                "fs.file-max"), warnings.stream().map(KernelWarning::key).toList());
        assertTrue(warnings.stream().allMatch(w -> w.hostId().equals("lb-1")));
        assertTrue(warnings.get(0).detail().contains("listen backlog 4096 is silently cut to it"),
                warnings.get(0).detail());
        assertTrue(warnings.get(2).detail().contains("gives 2001 local ports"), warnings.get(2).detail());
        assertTrue(warnings.get(3).detail().contains("needs about 8192 file descriptors"), warnings.get(3).detail());
    }

    @Test
    void aBackendWhoseAcceptQueueCannotHoldItsShareOfABurstIsNamed() {
        List<KernelWarning> warnings = KernelCheck.check(SPEC, null, List.of(
                new HostKernel("b1", Map.of("net.core.somaxconn", "2048")),
                new HostKernel("b2", Map.of("net.core.somaxconn", "2047"))));
        assertEquals(1, warnings.size(), warnings.toString());
        assertEquals("b2", warnings.get(0).hostId());
        assertTrue(warnings.get(0).detail().contains("queues about 2048 here"), warnings.get(0).detail());
    }

    @Test
    void missingOrUnreadableValuesAreSkippedNotGuessed() {
        assertEquals(List.of(), KernelCheck.check(SPEC, new HostKernel("lb", Map.of(
                "net.core.somaxconn", "lots",
                "net.ipv4.ip_local_port_range", "60999 32768",
                "fs.file-max", "")), List.of(new HostKernel("b1", null))));
    }
}
