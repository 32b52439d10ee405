package dev.tcpfleet.cli.render;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * A block of status lines shown again on every update. On a terminal the block is redrawn in place (ANSI cursor
 * moves); elsewhere, in a log or a pipe, only the lines that changed are printed, so the output stays readable
 * and says what happened in order.
 */
public final class LiveLines {
    private static final String CLEAR_LINE = "\033[2K";

    private final PrintWriter out;
    private final boolean terminal;
    private List<String> shown = List.of();

    public LiveLines(PrintWriter out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    public void show(List<String> lines) {
        if (terminal) {
            redraw(lines);
        } else {
            for (int i = 0; i < lines.size(); i++) {
                if (i >= shown.size() || !shown.get(i).equals(lines.get(i))) {
                    out.println(lines.get(i));
                }
            }
        }
        shown = new ArrayList<>(lines);
        out.flush();
    }

    private void redraw(List<String> lines) {
        if (!shown.isEmpty()) {
            out.print("\033[" + shown.size() + "F");
        }
        for (String line : lines) {
            out.print(CLEAR_LINE + line + "\n");
        }
        // a shorter block leaves the old block's last lines: blank them and come back up
        int left = shown.size() - lines.size();
        for (int i = 0; i < left; i++) {
            out.print(CLEAR_LINE + "\n");
        }
        if (left > 0) {
            out.print("\033[" + left + "F");
        }
    }
}
