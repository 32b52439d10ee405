package dev.tcpfleet.controlplane.judge;

import dev.tcpfleet.domain.judge.Verdict;
import java.util.Locale;

/**
 * One {@link Verdict} as the API shows and the database stores it (a rollout wave's gate, an automation action's
 * judgement): the domain's record, with its result and mode spelt as the contract spells them.
 *
 * @param result {@code BETTER}, {@code WORSE}, {@code NO_DIFFERENCE} or {@code INCONCLUSIVE}
 * @param mode   {@code baseline}, or {@code before_after} (weaker: too few baseline hosts had data)
 */
public record VerdictView(String metric, String result, String mode, boolean weaker, String test, Double u, Double p,
        double effect, Double effectPercent, double minEffect, Verdict.Group canary, Verdict.Group baseline,
        Verdict.Window window, String summary) {

    public static VerdictView of(Verdict verdict) {
        return new VerdictView(verdict.metric(), verdict.result().name(),
                verdict.mode().name().toLowerCase(Locale.ROOT), verdict.weaker(), verdict.test(), verdict.u(),
                verdict.p(), verdict.effect(), verdict.effectPercent(), verdict.minEffect(), verdict.canary(),
                verdict.baseline(), verdict.window(), verdict.summary());
    }

    public boolean is(Verdict.Result expected) {
        return result.equals(expected.name());
    }
}
