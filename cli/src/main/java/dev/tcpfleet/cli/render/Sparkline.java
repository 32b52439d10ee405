package dev.tcpfleet.cli.render;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** A series drawn in eight block heights, lowest value to highest; a gap in the series is a space. */
public final class Sparkline {
    private static final char[] BLOCKS = {'▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'};

    private Sparkline() {
    }

    /**
     * At most {@code width} characters: a longer series is averaged down in equal runs of points, so the shape
     * of the whole range fits a terminal line. A flat series sits mid-height.
     */
    public static String of(List<Double> values, int width) {
        List<Double> points = fit(values, width);
        double min = points.stream().filter(Objects::nonNull).mapToDouble(Double::doubleValue).min().orElse(0);
        double max = points.stream().filter(Objects::nonNull).mapToDouble(Double::doubleValue).max().orElse(0);
        StringBuilder line = new StringBuilder();
        for (Double value : points) {
            if (value == null) {
                line.append(' ');
            } else if (max == min) {
                line.append(BLOCKS[BLOCKS.length / 2 - 1]);
            } else {
                int level = (int) Math.round((value - min) / (max - min) * (BLOCKS.length - 1));
                line.append(BLOCKS[level]);
            }
        }
        return line.toString();
    }

    private static List<Double> fit(List<Double> values, int width) {
        if (width < 1) {
            throw new IllegalArgumentException("width must be positive");
        }
        if (values.size() <= width) {
            return values;
        }
        List<Double> fitted = new ArrayList<>();
        for (int i = 0; i < width; i++) {
            int from = (int) ((long) i * values.size() / width);
            int to = (int) ((long) (i + 1) * values.size() / width);
            fitted.add(values.subList(from, to).stream().filter(Objects::nonNull).mapToDouble(Double::doubleValue)
                    .average().stream().boxed().findFirst().orElse(null));
        }
        return fitted;
    }
}
