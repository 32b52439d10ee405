package dev.tcpfleet.agent.procfs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class CapabilitiesTest {
    record Case(String name, String uid, String capEff, List<String> missing) {
    }

    @Test
    void namesEachNeededCapabilityTheProcessLacks() {
        String attribution = "without CAP_DAC_READ_SEARCH this agent cannot list other users' /proc/PID/fd: their"
                + " sockets are counted but not attributed to them";
        String ptrace = "without CAP_SYS_PTRACE this agent cannot read other users' /proc/PID/fd links: their sockets"
                + " are counted but not attributed to them";
        String netAdmin = "without CAP_NET_ADMIN this agent cannot write /proc/sys/net: applies will be rolled back";
        List<Case> cases = List.of(
                new Case("root with every capability", "0", "000001ffffffffff", List.of()),
                new Case("its own user with the three", "998", "0000000000081004", List.of()),
                new Case("its own user with none", "998", "0000000000000000", List.of(attribution, ptrace, netAdmin)),
                new Case("its own user without CAP_SYS_PTRACE", "998", "0000000000001004", List.of(ptrace)),
                new Case("root with none: owns /proc/sys's files", "0", "0000000000000000",
                        List.of(attribution, ptrace)));
        for (Case c : cases) {
            String status = "Name:\tjava\nUid:\t" + c.uid() + "\t" + c.uid() + "\t" + c.uid() + "\t" + c.uid()
                    + "\nCapInh:\t0000000000000000\nCapEff:\t" + c.capEff() + "\n";

            assertEquals(c.missing(), Capabilities.missing(status), c.name());
        }
    }
}
