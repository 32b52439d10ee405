package dev.tcpfleet.controlplane.lb;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;

import dev.tcpfleet.controlplane.SnapshotMessages;
import dev.tcpfleet.protocol.EphemeralPorts;
import dev.tcpfleet.protocol.HostIdentity;
import dev.tcpfleet.protocol.HostLimits;
import dev.tcpfleet.protocol.HostSnapshot;
import dev.tcpfleet.protocol.ListenerQueue;
import dev.tcpfleet.testing.KafkaBrokerProcess;
import dev.tcpfleet.testing.KafkaBrokerTestResource;
import dev.tcpfleet.testing.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(KafkaBrokerTestResource.class)
@QuarkusTestResource(PostgresTestResource.class)
class LbConfigApiTest {
    private static final Map<String, String> ROOMY = Map.of("net.core.somaxconn", "4096",
            "net.ipv4.tcp_max_syn_backlog", "4096");

    KafkaBrokerProcess broker;
    String web1;
    String web2;
    String wildcard;
    String reportsAddresses;
    String balancer;

    @BeforeEach
    void hostsHaveReported() {
        String run = UUID.randomUUID().toString();
        web1 = "lb-web1-" + run;
        web2 = "lb-web2-" + run;
        wildcard = "lb-any-" + run;
        reportsAddresses = "lb-any-known-" + run;
        balancer = "lb-lb-" + run;
        try (SnapshotMessages messages = new SnapshotMessages(broker)) {
            messages.send(snapshot(web1, List.of(new ListenerQueue("10.1.0.5", 8080, 0, 128L),
                    new ListenerQueue("127.0.0.1", 8080, 0, 128L)), ROOMY, null, null));
            messages.send(snapshot(web2, List.of(new ListenerQueue("fd00::6", 8080, 0, 128L),
                    new ListenerQueue("10.1.0.6", 8080, 0, 128L)), Map.of("net.core.somaxconn", "128"), null, null));
            messages.send(snapshot(wildcard, List.of(new ListenerQueue("0.0.0.0", 8080, 0, 128L)), ROOMY, null,
                    null));
            messages.send(snapshot(reportsAddresses, List.of(new ListenerQueue("0.0.0.0", 8080, 0, 128L)), ROOMY,
                    null, null, List.of("fd00::7", "10.1.0.7")));
            // the port range and file-max come from the figures beside the sysctls, as agents report them
            messages.send(snapshot(balancer, List.of(), Map.of("net.core.somaxconn", "1024"),
                    new EphemeralPorts(60000, 60999, 0, null), new HostLimits(null, null, 100L, 3000L)));
        }
        for (String host : List.of(web1, web2, wildcard, reportsAddresses, balancer)) {
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                    given().get("/api/hosts/{id}/snapshots/latest", host).then().statusCode(200));
        }
    }

    @Test
    void rendersHaproxyForAnExplicitBackendList() {
        post("haproxy", "{\"backends\": [\"10.0.0.1:8080\", \"[fd00::2]:8080\"], \"bindPort\": 8443}")
                .statusCode(200).contentType(ContentType.JSON)
                .body("config", containsString("    server backend1 10.0.0.1:8080\n"))
                .body("config", containsString("    server backend2 [fd00::2]:8080\n"))
                .body("config", containsString("    bind 0.0.0.0:8443\n"))
                .body("config", containsString("    http-reuse safe\n"))
                .body("config", not(containsString("httpclose")))
                .body("warnings", empty());
    }

    @Test
    void rendersNginxAsAnIncludeByDefaultOrAsAWholeFile() {
        String body = "{\"backends\": [\"app1.example:80\", \"app2.example:80\"], \"keepalivePool\": 32}";
        post("nginx", body).statusCode(200)
                .body("config", containsString("upstream tcpfleet_backends {"))
                .body("config", containsString("    keepalive 32;\n"))
                .body("config", not(containsString("worker_connections")));
        given().contentType(ContentType.JSON).body(body).queryParam("layout", "standalone")
                .post("/api/lb/nginx").then().statusCode(200)
                .body("config", containsString("worker_connections 8224;"))
                .body("config", containsString("proxy_http_version 1.1;"));
    }

    @Test
    void hostsOnAPortUseTheAddressTheirListenerIsBoundToAndTheirKernelsAreChecked() {
        post("haproxy", "{\"selector\": {\"hosts\": [\"" + web1 + "\", \"" + web2 + "\"]}, \"port\": 8080, \"lbHostId\": \""
                + balancer + "\", \"maxconn\": 2000}")
                .statusCode(200)
                // loopback is not reachable from a balancer; IPv4 is preferred when a host listens on both
                .body("config", containsString("    server backend1 10.1.0.5:8080\n"))
                .body("config", containsString("    server backend2 10.1.0.6:8080\n"))
                .body("warnings.hostId", equalTo(List.of(balancer, balancer, balancer, web2)))
                .body("warnings.key", equalTo(List.of("net.core.somaxconn", "net.ipv4.ip_local_port_range",
                        "fs.file-max", "net.core.somaxconn")))
                .body("warnings[0].detail", containsString("listen backlog 2000 is silently cut to it"))
                .body("warnings[3].detail", containsString("queues about 1000 here"));
    }

    @Test
    void aHostListeningOnEveryAddressIsReachedByTheFirstOfItsOwn() {
        post("haproxy", "{\"selector\": {\"hosts\": [\"" + reportsAddresses + "\"]}, \"port\": 8080}")
                .statusCode(200).body("config", containsString("    server backend1 10.1.0.7:8080\n"));
    }

    @Test
    void aHostWithoutAKnownAddressIsRefusedByName() {
        expect400("haproxy", "{\"selector\": {\"hosts\": [\"" + web1 + "\", \"" + wildcard + "\"]}, \"port\": 8080}",
                "selector", "reports no address for port 8080");
        expect400("haproxy", "{\"selector\": {\"hosts\": [\"" + web1 + "\"]}, \"port\": 9090}", "selector",
                "no listener on that port");
    }

    @Test
    void badInputIsA400NamingTheField() {
        expect400("haproxy", "{\"backends\": [\"10.0.0.1:80\", \"10.0.0.2:80;\\n    server evil 6.6.6.6:80\"]}",
                "backends[1]", "backends[1] is not host:port");
        expect400("nginx", "{\"backends\": [\"10.0.0.1:80\"], \"healthPath\": \"/h;}\"}", "healthPath",
                "absolute path");
        expect400("nginx", "{\"backends\": [\"10.0.0.1:80\"], \"bindAddress\": \"0.0.0.0 reuseport\"}",
                "bindAddress", "IPv4 or IPv6 address");
        expect400("haproxy", "{\"backends\": [\"10.0.0.1:80\"], \"selector\": {\"hosts\": [\"" + web1 + "\"]}}", "selector",
                "not both");
        expect400("haproxy", "{\"maxconn\": 10}", "backends", "one of them is required");
        expect400("haproxy", "{\"backends\": []}", "backends", "1 to 1000 servers");
        expect400("haproxy", "{\"backends\": [\"10.0.0.1:80\"], \"port\": 80}", "port", "goes with selector");
        expect400("haproxy", "{\"selector\": {\"hosts\": [\"" + web1 + "\"]}}", "port", "port is required");
        expect400("haproxy", "{\"selector\": {\"hosts\": [\"no-such-host\"]}, \"port\": 80}", "selector", "not registered");
        expect400("haproxy", "{\"selector\": {\"hosts\": [\"bad\\nid\"]}, \"port\": 80}", "selector.hosts[0]", "not a host id");
        expect400("haproxy", "{\"backends\": [\"10.0.0.1:80\"], \"lbHostId\": \"nobody\"}", "lbHostId",
                "not registered");
        expect400("haproxy", "{\"backends\": [\"10.0.0.1:80\"], \"maxConn\": 10}", "maxConn", "maxConn");
        expect400("haproxy", "{\"backends\": [\"10.0.0.1:80\"], \"maxconn\": \"lots\"}", "maxconn", "whole number");
        expect400("haproxy", "{\"backends\": [\"10.0.0.1:80\"], \"maxconn\": 99999999999}", "maxconn", "range");
        given().contentType(ContentType.JSON).body("{\"backends\": [\"10.0.0.1:80\"]}").queryParam("layout", "x")
                .post("/api/lb/nginx").then().statusCode(400).body("field", equalTo("layout"));
        given().contentType(ContentType.JSON).post("/api/lb/haproxy").then().statusCode(400)
                .body("error", equalTo("invalid_request"));
    }

    @Test
    void everySettingAtFaultIsListedAtOnce() {
        post("haproxy", "{\"backends\": [\"10.0.0.1:80\"], \"bindPort\": 0, \"retries\": -1, \"keepalivePool\": -5}")
                .statusCode(400).body("field", equalTo("bindPort"))
                .body("violations.field", hasItems("bindPort", "retries", "keepalivePool"))
                .body("detail", containsString("retries is 0 to 100, got -1"));
    }

    private static ValidatableResponse post(String kind, String body) {
        return given().contentType(ContentType.JSON).body(body).post("/api/lb/" + kind).then();
    }

    private static void expect400(String kind, String body, String field, String words) {
        post(kind, body).statusCode(400).contentType(ContentType.JSON)
                .body("error", equalTo("invalid_request"))
                .body("field", equalTo(field))
                .body("detail", containsString(words));
    }

    private static HostSnapshot snapshot(String hostId, List<ListenerQueue> listeners, Map<String, String> sysctls,
            EphemeralPorts ports, HostLimits limits) {
        return snapshot(hostId, listeners, sysctls, ports, limits, List.of());
    }

    private static HostSnapshot snapshot(String hostId, List<ListenerQueue> listeners, Map<String, String> sysctls,
            EphemeralPorts ports, HostLimits limits, List<String> addresses) {
        return new HostSnapshot(HostSnapshot.SCHEMA_VERSION, new HostIdentity(hostId, hostId, Map.of(), "0.1.0-test"),
                Instant.now().truncatedTo(ChronoUnit.MICROS), 500, Map.of(), List.of(), listeners, List.of(), ports,
                null, null, limits, List.of(), sysctls, List.of(), null, List.of(), Map.of(), Map.of(), addresses);
    }
}
