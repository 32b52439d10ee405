package dev.tcpfleet.domain.lb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Nothing a caller supplies can end a config line, open a block, start a comment or add a directive. */
class ConfigInjectionTest {

    /** Each carries something that means syntax to HAProxy or nginx, after a value that is valid on its own. */
    static Stream<String> hostile() {
        return Stream.of("\n", "\r", ";", "{", "}", "#", " ", "\t", "\"", "'", "\\", "$", "\u0000", "\u2028",
                        ";\n    server evil 6.6.6.6:80", "\n}\nserver { listen 81; }", " backup", "#x",
                        "${HOME}", "'quoted'")
                .distinct();
    }

    @ParameterizedTest
    @MethodSource("hostile")
    void backendHostsCannotCarryIt(String injected) {
        for (String text : List.of("10.0.0.1" + injected + ":80", "10.0.0.1:80" + injected, injected + "10.0.0.1:80",
                "app" + injected + ".example:80", "[::1" + injected + "]:80")) {
            assertThrows(IllegalArgumentException.class, () -> Backend.parse(text), () -> "accepted " + text);
        }
        assertThrows(IllegalArgumentException.class, () -> new Backend("app" + injected, 80));
    }

    @ParameterizedTest
    @MethodSource("hostile")
    void theBindAddressCannotCarryIt(String injected) {
        assertEquals("bindAddress", LbSpecTest.only(b -> b.bindAddress("0.0.0.0" + injected)).field());
        assertEquals("bindAddress", LbSpecTest.only(b -> b.bindAddress("::" + injected)).field());
    }

    @ParameterizedTest
    @MethodSource("hostile")
    void theHealthPathCannotCarryIt(String injected) {
        assertEquals("healthPath", LbSpecTest.only(b -> b.healthPath("/health" + injected)).field());
        assertEquals("healthPath", LbSpecTest.only(b -> b.healthPath("/health?x=" + injected)).field());
    }

    @Test
    void everyRenderedLineIsOneTheRendererWrote() {
        // the longest valid values change words inside lines, never the shape: same lines, same braces
        LbSpec plain = LbSpec.builder().backends(LbSpecTest.TWO).build();
        LbSpec odd = LbSpec.builder()
                .backends(List.of(new Backend("a-" + "b".repeat(60) + ".example", 65535),
                        Backend.parse("[::ffff:10.0.0.1]:1")))
                .bindAddress("fd00::1").healthPath("/x/%7B?a=b&c=d:e@f,g+h*i!j~k").build();
        for (var render : List.<Function<LbSpec, String>>of(HaproxyRenderer::render,
                NginxRenderer::standalone)) {
            assertEquals(shape(render.apply(plain)), shape(render.apply(odd)));
        }
    }

    /** Each line's first word and its structural characters, which must not depend on the values. */
    private static List<String> shape(String config) {
        return config.lines().map(line -> line.strip().split(" ", 2)[0] + line.replaceAll("[^{};#\"]", ""))
                .toList();
    }
}
