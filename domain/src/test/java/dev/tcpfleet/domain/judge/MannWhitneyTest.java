package dev.tcpfleet.domain.judge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Checked against SciPy 1.17: {@code scipy.stats.mannwhitneyu(first, second, method="asymptotic")}. */
class MannWhitneyTest {
    static Stream<Arguments> scipyExamples() {
        return Stream.of(
                // SciPy's documented example: ages of male and female authors
                Arguments.of("no ties", List.of(19.0, 22.0, 16.0, 29.0, 24.0), List.of(20.0, 11.0, 17.0, 12.0),
                        17.0, 0.11134688653314041),
                Arguments.of("ties within a sample", List.of(1.83, 0.50, 1.62, 2.48, 1.68, 1.88, 1.55, 3.06, 1.30),
                        List.of(0.878, 0.647, 0.598, 2.05, 1.06, 1.29, 1.06, 3.14, 1.29), 58.0, 0.13291945818531892),
                Arguments.of("ties across the samples", List.of(1.0, 2.0, 2.0, 3.0, 3.0, 3.0, 7.0),
                        List.of(2.0, 3.0, 4.0, 4.0, 5.0, 9.0, 9.0, 9.0), 10.5, 0.04532596916691829),
                Arguments.of("every value equal", List.of(3.0, 3.0, 3.0), List.of(3.0, 3.0), 3.0, 1.0));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scipyExamples")
    void matchesScipy(String name, List<Double> first, List<Double> second, double u, double p) {
        MannWhitney.Result result = MannWhitney.test(first, second);
        assertEquals(u, result.u(), 1e-9);
        assertEquals(p, result.p(), 1e-6);
    }

    /** NaN is not equal to itself: the tie loop once spun on it forever. Ties are found by Double.compare now. */
    @org.junit.jupiter.api.Test
    void terminatesOnNaN() {
        MannWhitney.Result result = assertTimeoutPreemptively(Duration.ofSeconds(5),
                () -> MannWhitney.test(List.of(1.0, Double.NaN, 2.0), List.of(Double.NaN, 3.0)));
        assertEquals(1.5, result.u(), 1e-9); // the two NaNs tie with each other, ranked last
    }
}
