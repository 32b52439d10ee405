package dev.tcpfleet.controlplane.history;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class FleetGroupTest {
    @Test
    void onlyNoSelectorOrASingleLabelNamesAKeptGroup() {
        record Case(String selector, Optional<FleetGroup> group) {
        }
        for (Case c : java.util.List.of(
                new Case(null, Optional.of(FleetGroup.FLEET)),
                new Case("env=prod", Optional.of(new FleetGroup("env", "prod"))),
                new Case(" env = prod ", Optional.of(new FleetGroup("env", "prod"))),
                new Case("env!=prod", Optional.empty()),
                new Case("env=prod,role=api", Optional.empty()),
                new Case("env=prod,", Optional.empty()),
                new Case("env", Optional.empty()),
                new Case("env=", Optional.empty()),
                new Case("=prod", Optional.empty()),
                new Case("env=a=b", Optional.empty()))) {
            assertEquals(c.group(), FleetGroup.of(c.selector()), String.valueOf(c.selector()));
        }
    }
}
