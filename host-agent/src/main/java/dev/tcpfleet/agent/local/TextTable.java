package dev.tcpfleet.agent.local;

import java.util.ArrayList;
import java.util.List;

/** A plain-text table: columns as wide as their widest cell; a header written {@code ">NAME"} right-aligns. */
final class TextTable {
    private final List<String[]> rows = new ArrayList<>();
    private final boolean[] rightAligned;

    TextTable(String... header) {
        rightAligned = new boolean[header.length];
        String[] names = new String[header.length];
        for (int i = 0; i < header.length; i++) {
            rightAligned[i] = header[i].startsWith(">");
            names[i] = rightAligned[i] ? header[i].substring(1) : header[i];
        }
        rows.add(names);
    }

    TextTable row(Object... cells) {
        String[] text = new String[rightAligned.length];
        for (int i = 0; i < text.length; i++) {
            text[i] = i < cells.length && cells[i] != null ? cells[i].toString() : "";
        }
        rows.add(text);
        return this;
    }

    boolean isEmpty() {
        return rows.size() == 1;
    }

    String render() {
        int[] widths = new int[rightAligned.length];
        for (String[] row : rows) {
            for (int i = 0; i < widths.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder("  ");
            for (int i = 0; i < widths.length; i++) {
                String padding = " ".repeat(widths[i] - row[i].length());
                line.append(rightAligned[i] ? padding + row[i] : row[i] + padding).append("  ");
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
        return out.toString();
    }
}
