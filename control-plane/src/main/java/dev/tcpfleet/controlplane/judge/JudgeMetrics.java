package dev.tcpfleet.controlplane.judge;

import dev.tcpfleet.domain.judge.Verdict;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Locale;

/**
 * Counts the judge's verdicts that decided something ({@code tcpfleet_judge_verdicts_total}): by who asked
 * ({@code gate}, {@code closed_loop}) and the result; no host label, so the series stay few.
 */
@ApplicationScoped
public class JudgeMetrics {
    public enum Source { GATE, CLOSED_LOOP }

    private final MeterRegistry registry;

    JudgeMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void counted(Source source, Verdict.Result result) {
        Counter.builder("tcpfleet.judge.verdicts")
                .description("Verdicts of the canary judge that decided a gate or a closed loop")
                .tag("source", source.name().toLowerCase(Locale.ROOT))
                .tag("result", result.name().toLowerCase(Locale.ROOT))
                .register(registry).increment();
    }

    public void counted(Source source, VerdictView verdict) {
        counted(source, Verdict.Result.valueOf(verdict.result()));
    }
}
