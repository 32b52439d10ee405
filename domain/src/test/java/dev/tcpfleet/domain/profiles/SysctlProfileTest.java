package dev.tcpfleet.domain.profiles;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SysctlProfileTest {

    private static final Map<String, String> SETTINGS = Map.of(
            "net.ipv4.tcp_fin_timeout", "30",
            "net.core.somaxconn", "4096");

    @ParameterizedTest
    @ValueSource(strings = {"a", "0", "web-tier", "old-script.v2", "a_b", "a23456789012345678901234567890123456789012345678901234567890123"})
    void acceptsNames(String name) {
        assertEquals(name, new SysctlProfile(name, 1, "", SETTINGS).name());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-a", ".a", "_a", "Web", "web tier", "web/tier", "a;b",
            "a234567890123456789012345678901234567890123456789012345678901234"})
    void refusesNames(String name) {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> new SysctlProfile(name, 1, "", SETTINGS));
        assertEquals("profile name must match [a-z0-9][a-z0-9._-]{0,62}, not \"" + name + "\"", refused.getMessage());
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1})
    void versionsStartAtOne(int version) {
        assertThrows(IllegalArgumentException.class, () -> new SysctlProfile("web", version, "", SETTINGS));
    }

    @Test
    void settingsAreSortedNormalisedAndCannotChange() {
        Map<String, String> given = new HashMap<>(SETTINGS);
        given.put("net.ipv4.tcp_rmem", " 4096\t87380  16777216 ");
        SysctlProfile profile = new SysctlProfile("web", 1, "", given);
        given.clear();

        assertEquals(List.of("net.core.somaxconn", "net.ipv4.tcp_fin_timeout", "net.ipv4.tcp_rmem"),
                List.copyOf(profile.settings().keySet()));
        assertEquals("4096 87380 16777216", profile.settings().get("net.ipv4.tcp_rmem"));
        assertThrows(UnsupportedOperationException.class, () -> profile.settings().put("net.core.somaxconn", "1"));
    }

    @Test
    void overlayReplacesAndAddsToABaseThatStaysAsItWas() {
        SysctlProfile base = new SysctlProfile("web", 3, "base", SETTINGS);
        SysctlProfile overlay = base.overlay("web-dev", "for dev", Map.of(
                "net.core.somaxconn", "1024",
                "net.ipv4.tcp_keepalive_time", "600"));

        assertEquals(new SysctlProfile("web-dev", 1, "for dev", Map.of(
                "net.core.somaxconn", "1024",
                "net.ipv4.tcp_fin_timeout", "30",
                "net.ipv4.tcp_keepalive_time", "600")), overlay);
        assertEquals(SETTINGS, base.settings());
    }
}
