package dev.tcpfleet.cli.render;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SparklineTest {
    @Test
    void lowestToHighestSpanTheEightBlocks() {
        assertEquals("▁▂▃▄▅▆▇█", Sparkline.of(List.of(0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0), 60));
        assertEquals("█▁▅", Sparkline.of(List.of(100.0, 20.0, 60.0), 60));
    }

    @Test
    void gapsAreSpacesAndAFlatSeriesSitsMidHeight() {
        assertEquals("▁ █", Sparkline.of(Arrays.asList(1.0, null, 2.0), 60));
        assertEquals("▄▄▄", Sparkline.of(List.of(5.0, 5.0, 5.0), 60));
        assertEquals("  ", Sparkline.of(Arrays.asList(null, null), 60));
    }

    @Test
    void aLongSeriesIsAveragedDownToTheWidth() {
        List<Double> ramp = IntStream.range(0, 800).mapToObj(i -> (double) i).toList();
        String line = Sparkline.of(ramp, 8);
        assertEquals("▁▂▃▄▅▆▇█", line);
        assertEquals("▁█", Sparkline.of(List.of(1.0, 1.0, 1.0, 9.0, 9.0, 9.0), 2));
    }
}
