package dev.tcpfleet.cli.render;

import java.util.ArrayList;
import java.util.List;

/** A plain-text table: columns as wide as their widest cell, numbers right-aligned so their digits line up. */
public final class Table {
    private static final String GAP = "  ";

    private final List<String> headers;
    private final List<List<Object>> rows = new ArrayList<>();

    public Table(String... headers) {
        this.headers = List.of(headers);
    }

    /** A row; a null cell shows as "-". */
    public Table row(Object... cells) {
        if (cells.length != headers.size()) {
            throw new IllegalArgumentException(cells.length + " cells for " + headers.size() + " columns");
        }
        List<Object> row = new ArrayList<>();
        for (Object cell : cells) {
            row.add(cell == null ? "-" : cell);
        }
        rows.add(row);
        return this;
    }

    public boolean isEmpty() {
        return rows.isEmpty();
    }

    /** The header, then each row, each line ending in a newline; "(none)" under the header when empty. */
    public String render() {
        int[] widths = new int[headers.size()];
        for (int c = 0; c < widths.length; c++) {
            widths[c] = width(headers.get(c));
            for (List<Object> row : rows) {
                widths[c] = Math.max(widths[c], width(row.get(c).toString()));
            }
        }
        StringBuilder text = new StringBuilder();
        line(text, new ArrayList<>(headers), widths);
        if (rows.isEmpty()) {
            text.append("(none)\n");
        }
        for (List<Object> row : rows) {
            line(text, row, widths);
        }
        return text.toString();
    }

    private static void line(StringBuilder text, List<?> cells, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int c = 0; c < cells.size(); c++) {
            Object cell = cells.get(c);
            String value = cell.toString();
            String pad = " ".repeat(widths[c] - width(value));
            if (c > 0) {
                line.append(GAP);
            }
            line.append(cell instanceof Number ? pad + value : value + pad);
        }
        text.append(line.toString().stripTrailing()).append('\n');
    }

    /** Characters as a terminal shows them: code points, so the sparkline's blocks count one each. */
    private static int width(String value) {
        return value.codePointCount(0, value.length());
    }
}
