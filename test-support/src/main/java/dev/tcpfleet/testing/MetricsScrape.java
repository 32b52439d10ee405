package dev.tcpfleet.testing;

import java.util.Arrays;

/** Reads a Prometheus text-format scrape as a test asserts on it. */
public final class MetricsScrape {
    private MetricsScrape() {
    }

    /**
     * The value of the one series {@code series} (name and labels) in {@code scrape}; the text format's optional
     * comma after the last label is left out.
     */
    public static double value(String scrape, String series) {
        return Arrays.stream(scrape.split("\n")).map(line -> line.replace(",}", "}"))
                .filter(line -> line.startsWith(series + " ")).findFirst()
                .map(line -> Double.parseDouble(line.substring(series.length() + 1).trim()))
                .orElseThrow(() -> new AssertionError(series + " is not in the scrape"));
    }
}
