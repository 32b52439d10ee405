package dev.tcpfleet.controlplane.profiles;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tcpfleet.controlplane.profiles.ProfileRevision.Kind;
import dev.tcpfleet.domain.profiles.SysctlProfile;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProfileRevisionTest {
    private static final SysctlProfile V3 = new SysctlProfile("web", 3, "web tier", Map.of("net.core.somaxconn", "4096"));

    @Test
    void aNameNeverStoredStartsAtVersionOne() {
        assertEquals(new ProfileRevision(Kind.CREATED, 1), ProfileRevision.decide(Optional.empty(), false, V3));
    }

    @Test
    void theSameContentIsTheSameVersion() {
        SysctlProfile again = new SysctlProfile("web", 1, "web tier", Map.of("net.core.somaxconn", " 4096 "));
        assertEquals(new ProfileRevision(Kind.UNCHANGED, 3), ProfileRevision.decide(Optional.of(V3), false, again));
    }

    @Test
    void otherSettingsOrAnotherDescriptionAreTheNextVersion() {
        SysctlProfile settings = new SysctlProfile("web", 1, "web tier", Map.of("net.core.somaxconn", "8192"));
        SysctlProfile description = new SysctlProfile("web", 1, "front tier", V3.settings());
        SysctlProfile moreKeys = new SysctlProfile("web", 1, "web tier",
                Map.of("net.core.somaxconn", "4096", "net.ipv4.tcp_keepalive_time", "300"));
        for (SysctlProfile requested : new SysctlProfile[] {settings, description, moreKeys}) {
            assertEquals(new ProfileRevision(Kind.CHANGED, 4), ProfileRevision.decide(Optional.of(V3), false, requested));
        }
    }

    @Test
    void aDeletedProfileComesBackAfterItsLastVersionEvenWithTheSameContent() {
        assertEquals(new ProfileRevision(Kind.CREATED, 4), ProfileRevision.decide(Optional.of(V3), true, V3));
    }
}
