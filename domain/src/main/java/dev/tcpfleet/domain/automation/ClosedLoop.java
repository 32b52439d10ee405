package dev.tcpfleet.domain.automation;

import dev.tcpfleet.domain.alerts.AlertRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Judges an automated apply by the figure that raised the alert: each host's value before the apply against its
 * mean over the snapshots after. An apply that made any host worse (beyond {@code tolerance}, a share of the value
 * before, or {@code floor} in the figure's own units, whichever allows more) is rolled back: automation may fail to
 * help, but it may not harm. The floor is what keeps a figure at or near 0 (no listen overflows) from being called
 * worse for a blip, which a share of 0 would.
 */
public final class ClosedLoop {
    public enum Verdict { IMPROVED, NO_BETTER, WORSE }

    /** One host's figure before the apply and after it; {@code after} is null when it could not be measured. */
    public record Figures(double before, Double after) {
    }

    /** The verdict and, host by host, why. */
    public record Judgement(Verdict verdict, List<String> reasons) {
    }

    private ClosedLoop() {
    }

    public static Judgement judge(String metric, AlertRule.Comparison comparison, Map<String, Figures> hosts,
            double tolerance, double floor) {
        List<String> reasons = new ArrayList<>();
        boolean worse = false;
        boolean allImproved = !hosts.isEmpty();
        for (Map.Entry<String, Figures> host : hosts.entrySet()) {
            Figures figures = host.getValue();
            if (figures.after() == null) {
                allImproved = false;
                reasons.add(host.getKey() + ": not judged, no figure before and after the apply");
                continue;
            }
            // how far the figure moved in the alerting direction: positive is worse
            double change = comparison == AlertRule.Comparison.ABOVE ? figures.after() - figures.before()
                    : figures.before() - figures.after();
            String moved = host.getKey() + ": " + metric + " " + figures.before() + " → " + figures.after();
            if (change > Math.max(tolerance * Math.abs(figures.before()), floor)) {
                worse = true;
                reasons.add(moved + ", worse");
            } else if (change < 0) {
                reasons.add(moved + ", better");
            } else {
                allImproved = false;
                reasons.add(moved + ", no better");
            }
        }
        Verdict verdict = worse ? Verdict.WORSE : allImproved ? Verdict.IMPROVED : Verdict.NO_BETTER;
        return new Judgement(verdict, List.copyOf(reasons));
    }
}
