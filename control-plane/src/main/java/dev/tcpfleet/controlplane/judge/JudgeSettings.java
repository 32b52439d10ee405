package dev.tcpfleet.controlplane.judge;

import dev.tcpfleet.controlplane.ControlPlaneConfig;
import dev.tcpfleet.domain.judge.CanaryJudge;
import dev.tcpfleet.domain.judge.Verdict;

/** The judge's configured settings ({@code tcpfleet.judge.*}) with a caller's minimum effect. */
public final class JudgeSettings {
    /** At most this many canary hosts are judged, the first in order: bounds the snapshot reads as the baseline's does. */
    public static final int MAX_CANARY_HOSTS = 50;

    private JudgeSettings() {
    }

    /** {@code verdict}, saying how many baseline hosts were left out because another command changed them. */
    public static Verdict noting(Verdict verdict, int baselineLeftOut) {
        return baselineLeftOut == 0 ? verdict : verdict.noted(baselineLeftOut + " baseline host"
                + (baselineLeftOut == 1 ? "" : "s") + " left out: another apply or rollback was sent to "
                + (baselineLeftOut == 1 ? "it" : "them") + " within the windows");
    }

    public static CanaryJudge.Settings of(ControlPlaneConfig.Judge config, double tolerancePercent,
            double absoluteFloor) {
        return new CanaryJudge.Settings(config.minBaselineHosts(), config.minSamples(), config.alpha(),
                tolerancePercent, absoluteFloor);
    }
}
