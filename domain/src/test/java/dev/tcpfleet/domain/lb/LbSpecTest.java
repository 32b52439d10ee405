package dev.tcpfleet.domain.lb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LbSpecTest {
    static final List<Backend> TWO = List.of(new Backend("10.0.0.1", 8080), new Backend("10.0.0.2", 8080));

    @Test
    void defaultsAreTheOldScripts() {
        LbSpec spec = LbSpec.builder().backends(TWO).build();
        assertEquals("0.0.0.0", spec.bindAddress());
        assertEquals(80, spec.bindPort());
        assertEquals(4096, spec.maxconn());
        assertEquals(5_000, spec.connectTimeoutMs());
        assertEquals(50_000, spec.clientTimeoutMs());
        assertEquals(50_000, spec.serverTimeoutMs());
        assertEquals(3_000, spec.checkTimeoutMs());
        assertEquals("/health", spec.healthPath());
        assertEquals(3, spec.retries());
        assertEquals(3, spec.maxFails());
        assertEquals(30_000, spec.failTimeoutMs());
        assertEquals(100, spec.keepalivePool());
        assertEquals(1_000, spec.keepaliveRequests());
        assertEquals(60_000, spec.keepaliveTimeoutMs());
    }

    @Test
    void theBacklogFollowsMaxconnUnlessGiven() {
        assertEquals(2000, LbSpec.builder().backends(TWO).maxconn(2000).build().backlog());
        assertEquals(511, LbSpec.builder().backends(TWO).maxconn(2000).backlog(511).build().backlog());
    }

    @Test
    void everyFieldAtFaultIsNamedAtOnce() {
        InvalidLbSpecException e = assertThrows(InvalidLbSpecException.class, () -> LbSpec.builder().backends(TWO)
                .bindPort(0).maxconn(-1).retries(101).connectTimeoutMs(0).build());
        assertEquals(List.of("bindPort", "maxconn", "backlog", "connectTimeoutMs", "retries"),
                e.violations().stream().map(SpecViolation::field).toList());
        assertTrue(e.getMessage().contains("bindPort is 1 to 65535, got 0"), e.getMessage());
    }

    @Test
    void backendsAreRequiredAndListedOnce() {
        assertEquals("backends", only(b -> b.backends(null)).field());
        assertEquals("backends", only(b -> b.backends(List.of())).field());
        SpecViolation twice = only(b -> b.backends(List.of(TWO.get(0), TWO.get(1), new Backend("10.0.0.1", 8080))));
        assertEquals("backends[2]", twice.field());
        assertTrue(twice.reason().contains("10.0.0.1:8080 again"), twice.reason());
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.0.0.0", "127.0.0.1", "::", "::1", "fd00::5"})
    void bindsToAddressLiterals(String address) {
        assertEquals(address, LbSpec.builder().backends(TWO).bindAddress(address).build().bindAddress());
    }

    @ParameterizedTest
    @ValueSource(strings = {"*", "", "localhost", "10.0.0.256", "[::1]", "fe80::1%eth0"})
    void bindsToNothingElse(String address) {
        assertEquals("bindAddress", only(b -> b.bindAddress(address)).field());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/health", "/", "/api/v1/ready?full=1&deep=true", "/a%20b", "/_status~x.json"})
    void healthPathsOfPlainCharactersPass(String path) {
        assertEquals(path, LbSpec.builder().backends(TWO).healthPath(path).build().healthPath());
    }

    static SpecViolation only(UnaryOperator<LbSpec.Builder> change) {
        InvalidLbSpecException e = assertThrows(InvalidLbSpecException.class,
                () -> change.apply(LbSpec.builder().backends(TWO)).build());
        assertEquals(1, e.violations().size(), e.violations().toString());
        return e.violations().get(0);
    }
}
