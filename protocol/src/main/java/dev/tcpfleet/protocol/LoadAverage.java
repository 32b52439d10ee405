package dev.tcpfleet.protocol;

/** {@code /proc/loadavg}: run-queue averages over 1, 5 and 15 minutes. */
public record LoadAverage(double one, double five, double fifteen) {
}
