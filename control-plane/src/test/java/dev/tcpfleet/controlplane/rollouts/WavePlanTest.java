package dev.tcpfleet.controlplane.rollouts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class WavePlanTest {

    static Stream<Arguments> plans() {
        return Stream.of(
                // hosts, canary, percentages, wave sizes
                Arguments.of(3, 1, null, List.of(1, 1, 1)),
                Arguments.of(1, 1, null, List.of(1)),
                Arguments.of(100, 1, null, List.of(1, 9, 40, 50)),
                Arguments.of(20, 0, List.of(50, 100), List.of(10, 10)),
                Arguments.of(10, 2, List.of(10, 100), List.of(2, 8)),
                Arguments.of(2, 5, null, List.of(2)));
    }

    @ParameterizedTest
    @MethodSource("plans")
    void wavesCoverEveryHostOnceCanaryFirstInOrder(int hosts, int canary, List<Integer> percentages,
            List<Integer> sizes) {
        List<String> ids = IntStream.range(0, hosts).mapToObj(i -> "h" + i).toList();
        List<List<String>> waves = WavePlan.of(canary, percentages).waves(ids);

        assertEquals(sizes, waves.stream().map(List::size).toList());
        assertEquals(ids, waves.stream().flatMap(List::stream).toList());
    }

    static Stream<Arguments> refused() {
        return Stream.of(
                Arguments.of(-1, null, "canary"),
                Arguments.of(11, null, "canary"),
                Arguments.of(1, List.of(), "percentages"),
                Arguments.of(1, List.of(50, 50, 100), "percentages[1]"),
                Arguments.of(1, List.of(0, 100), "percentages[0]"),
                Arguments.of(1, List.of(10, 101), "percentages[1]"),
                Arguments.of(1, List.of(10, 50), "percentages[1]"));
    }

    @ParameterizedTest
    @MethodSource("refused")
    void aBadPlanNamesItsField(int canary, List<Integer> percentages, String field) {
        assertEquals(field, assertThrows(InvalidRolloutException.class, () -> WavePlan.of(canary, percentages)).field());
    }
}
