package dev.tcpfleet.domain.lb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class NginxRendererTest {
    private final LbSpec spec = LbSpec.builder().backends(LbSpecTest.TWO).build();
    private final String http = NginxRenderer.httpContext(spec);

    @Test
    void theUpstreamPoolIsUsableBecauseRequestsAreHttp11WithoutConnectionClose() {
        assertLine("keepalive 100;");
        assertLine("keepalive_requests 1000;");
        assertLine("keepalive_timeout 60s;");
        assertLine("proxy_http_version 1.1;");
        assertLine("proxy_set_header Connection \"\";");
    }

    @Test
    void keepsWhatTheOldScriptMeant() {
        assertLine("server 10.0.0.1:8080 max_fails=3 fail_timeout=30s;");
        assertLine("server 10.0.0.2:8080 max_fails=3 fail_timeout=30s;");
        assertLine("listen 0.0.0.0:80 backlog=4096;");
        assertLine("keepalive_timeout 65s;");
        assertLine("proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;");
        assertLine("proxy_set_header Host $host;");
        assertLine("proxy_connect_timeout 5s;");
        assertLine("proxy_read_timeout 50s;");
        // the first try and the retries: HAProxy's "retries 3"
        assertLine("proxy_next_upstream_tries 4;");
    }

    @Test
    void doesNotAnswerHealthItselfOrDuplicateContentType() {
        assertFalse(http.contains("location /health"), http);
        assertFalse(http.contains("add_header"), http);
    }

    @Test
    void noPoolMeansNoKeepaliveDirectivesInTheUpstream() {
        String none = NginxRenderer.httpContext(LbSpec.builder().backends(LbSpecTest.TWO).keepalivePool(0).build());
        assertFalse(none.contains("keepalive 0"), none);
        assertFalse(none.contains("keepalive_requests"), none);
    }

    @Test
    void standaloneWrapsTheSameBlocksWithWorkerLimitsAndLocalPaths() {
        String full = NginxRenderer.standalone(spec);
        http.lines().filter(l -> !l.isEmpty())
                .forEach(l -> assertTrue(full.contains("\n    " + l + "\n"), l + " in\n" + full));
        assertTrue(full.contains("\n    worker_connections 8292;\n"), full);
        assertTrue(full.contains("\nworker_rlimit_nofile 8356;\n"), full);
        assertTrue(full.contains("\npid nginx.pid;\n"), full);
        assertTrue(full.contains("\n    proxy_temp_path proxy_temp;\n"), full);
        assertEquals(full.chars().filter(c -> c == '{').count(), full.chars().filter(c -> c == '}').count());
    }

    private void assertLine(String line) {
        assertEquals(1, http.lines().filter(l -> l.strip().equals(line)).count(), line + " once in\n" + http);
    }
}
