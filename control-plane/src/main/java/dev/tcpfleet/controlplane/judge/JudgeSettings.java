package dev.tcpfleet.controlplane.judge;

import dev.tcpfleet.controlplane.ControlPlaneConfig;
import dev.tcpfleet.domain.judge.CanaryJudge;

/** The judge's configured settings ({@code tcpfleet.judge.*}) with a caller's minimum effect. */
public final class JudgeSettings {
    private JudgeSettings() {
    }

    public static CanaryJudge.Settings of(ControlPlaneConfig.Judge config, double tolerancePercent,
            double absoluteFloor) {
        return new CanaryJudge.Settings(config.minBaselineHosts(), config.minSamples(), config.alpha(),
                tolerancePercent, absoluteFloor);
    }
}
