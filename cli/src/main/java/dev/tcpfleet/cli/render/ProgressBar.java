package dev.tcpfleet.cli.render;

/** {@code [#########-----------]  9/20  45%}: ASCII, so it reads the same in a terminal and in a log. */
public final class ProgressBar {
    private ProgressBar() {
    }

    public static String of(int done, int total, int width) {
        if (total < 0 || done < 0 || width < 1) {
            throw new IllegalArgumentException("done " + done + " of " + total + " in " + width);
        }
        int shown = Math.min(done, total);
        int filled = total == 0 ? width : shown * width / total;
        int percent = total == 0 ? 100 : shown * 100 / total;
        return "[" + "#".repeat(filled) + "-".repeat(width - filled) + "]  " + shown + "/" + total + "  "
                + percent + "%";
    }
}
