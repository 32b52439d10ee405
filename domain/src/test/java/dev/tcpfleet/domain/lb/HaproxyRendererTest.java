package dev.tcpfleet.domain.lb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class HaproxyRendererTest {
    private final String config = HaproxyRenderer.render(LbSpec.builder().backends(LbSpecTest.TWO).build());

    @Test
    void keepsBackendConnectionsAliveInsteadOfClosingThem() {
        assertFalse(config.contains("httpclose"), config);
        assertFalse(config.contains("http-server-close"), config);
        assertLine("option http-keep-alive");
        assertLine("http-reuse safe");
        assertTrue(config.contains(" pool-max-conn 100 pool-purge-delay 60s max-reuse 1000"), config);
    }

    @Test
    void keepsWhatTheOldScriptMeant() {
        // process-wide and the frontend's own
        assertEquals(2, config.lines().filter(l -> l.strip().equals("maxconn 4096")).count(), config);
        assertLine("timeout connect 5s");
        assertLine("timeout client 50s");
        assertLine("timeout server 50s");
        assertLine("timeout check 3s");
        assertLine("retries 3");
        assertLine("option redispatch");
        assertLine("option forwardfor");
        assertLine("bind 0.0.0.0:80");
        assertLine("balance roundrobin");
        assertLine("server backend1 10.0.0.1:8080");
        assertLine("server backend2 10.0.0.2:8080");
    }

    @Test
    void checksHealthWithThePost22SyntaxAndLogsForReal() {
        assertLine("option httpchk");
        assertLine("http-check send meth GET uri /health");
        assertTrue(config.contains("default-server check inter 2s fall 3 rise 2"), config);
        // option httplog without log global logged nothing in the old script
        assertLine("log global");
        assertFalse(config.contains("daemon"), config);
    }

    @Test
    void writesTheBacklogAndIpv6InBrackets() {
        String v6 = HaproxyRenderer.render(LbSpec.builder().backends(List.of(Backend.parse("[fd00::2]:81")))
                .bindAddress("::").bindPort(8443).maxconn(100).backlog(64).connectTimeoutMs(1500).build());
        assertTrue(v6.contains("\n    bind [::]:8443\n"), v6);
        assertTrue(v6.contains("\n    backlog 64\n"), v6);
        assertTrue(v6.contains("\n    server backend1 [fd00::2]:81\n"), v6);
        assertTrue(v6.contains("\n    timeout connect 1500ms\n"), v6);
    }

    private void assertLine(String line) {
        assertEquals(1, config.lines().filter(l -> l.strip().equals(line)).count(), line + " once in\n" + config);
    }
}
