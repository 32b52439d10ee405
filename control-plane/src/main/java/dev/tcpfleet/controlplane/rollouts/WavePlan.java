package dev.tcpfleet.controlplane.rollouts;

import java.util.ArrayList;
import java.util.List;

/**
 * How a rollout spreads: {@code canary} hosts alone first, then waves that each bring the share of hosts reached
 * up to the next of {@code percentages} (cumulative, rising, ending at 100).
 */
public record WavePlan(int canary, List<Integer> percentages) {
    public static final int MAX_CANARY = 10;
    public static final WavePlan DEFAULT = new WavePlan(1, List.of(10, 50, 100));

    public WavePlan {
        percentages = List.copyOf(percentages);
    }

    /** The plan a request asks for; absent parts take the default's. */
    public static WavePlan of(Integer canary, List<Integer> percentages) {
        int hosts = canary == null ? DEFAULT.canary : canary;
        if (hosts < 0 || hosts > MAX_CANARY) {
            throw new InvalidRolloutException("canary", "canary is 0 to " + MAX_CANARY + " hosts, got " + hosts);
        }
        if (percentages == null) {
            return new WavePlan(hosts, DEFAULT.percentages);
        }
        if (percentages.isEmpty()) {
            throw new InvalidRolloutException("percentages", "percentages lists at least one wave, the last 100");
        }
        int previous = 0;
        for (int i = 0; i < percentages.size(); i++) {
            Integer p = percentages.get(i);
            if (p == null || p <= previous || p > 100) {
                throw new InvalidRolloutException("percentages[" + i + "]", "percentages rise strictly from 1 to 100"
                        + " (the share of hosts reached after each wave), got " + p + " after " + previous);
            }
            previous = p;
        }
        if (previous != 100) {
            throw new InvalidRolloutException("percentages[" + (percentages.size() - 1) + "]",
                    "the last wave reaches 100 percent, got " + previous);
        }
        return new WavePlan(hosts, percentages);
    }

    /**
     * The waves over {@code hosts}, in the order given (the caller fixes it, so a plan is reproducible): the canary
     * first, then each wave up to its share of all hosts, rounded up. A wave that would add nobody is left out.
     */
    public List<List<String>> waves(List<String> hosts) {
        List<List<String>> waves = new ArrayList<>();
        int reached = Math.min(canary, hosts.size());
        if (reached > 0) {
            waves.add(List.copyOf(hosts.subList(0, reached)));
        }
        for (int percent : percentages) {
            int upTo = (int) Math.ceil(hosts.size() * percent / 100.0);
            if (upTo > reached) {
                waves.add(List.copyOf(hosts.subList(reached, upTo)));
                reached = upTo;
            }
        }
        return List.copyOf(waves);
    }
}
