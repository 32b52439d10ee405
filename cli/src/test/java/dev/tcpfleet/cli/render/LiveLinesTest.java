package dev.tcpfleet.cli.render;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class LiveLinesTest {
    private final StringWriter text = new StringWriter();

    @Test
    void withoutATerminalOnlyChangedLinesArePrintedInOrder() {
        LiveLines live = new LiveLines(new PrintWriter(text), false);
        live.show(List.of("rollout RUNNING", "wave 0 0/1", "wave 1 0/2"));
        live.show(List.of("rollout RUNNING", "wave 0 1/1", "wave 1 0/2"));
        live.show(List.of("rollout RUNNING", "wave 0 1/1", "wave 1 0/2"));
        live.show(List.of("rollout COMPLETED", "wave 0 1/1", "wave 1 2/2"));
        assertEquals(String.join(System.lineSeparator(), "rollout RUNNING", "wave 0 0/1", "wave 1 0/2",
                "wave 0 1/1", "rollout COMPLETED", "wave 1 2/2", ""), text.toString());
    }

    @Test
    void onATerminalTheBlockIsRedrawnInPlace() {
        LiveLines live = new LiveLines(new PrintWriter(text), true);
        live.show(List.of("a", "b"));
        live.show(List.of("c", "d"));
        assertEquals("\033[2Ka\n\033[2Kb\n" + "\033[2F\033[2Kc\n\033[2Kd\n", text.toString());
    }

    @Test
    void aShorterBlockBlanksWhatIsLeftOfTheLongerOne() {
        LiveLines live = new LiveLines(new PrintWriter(text), true);
        live.show(List.of("a", "b", "c"));
        live.show(List.of("d"));
        live.show(List.of("e"));
        assertEquals("\033[2Ka\n\033[2Kb\n\033[2Kc\n" + "\033[3F\033[2Kd\n\033[2K\n\033[2K\n\033[2F"
                + "\033[1F\033[2Ke\n", text.toString());
    }
}
