package dev.tcpfleet.agent.procfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.tcpfleet.protocol.LoadAverage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoadAverageReaderTest {
    private final Map<String, String> unavailable = new HashMap<>();

    @Test
    void readsTheCapturedFile(@TempDir Path proc) throws IOException {
        LoadAverage load = new LoadAverageReader(CapturedProc.copyTo(proc)).read(unavailable);

        assertEquals(new LoadAverage(3.66, 1.75, 1.04), load);
        assertEquals(Map.of(), unavailable);
    }

    @Test
    void aMissingOrOddFileIsReported(@TempDir Path proc) throws IOException {
        LoadAverageReader reader = new LoadAverageReader(new ProcFs(proc));
        assertNull(reader.read(unavailable));
        assertEquals(Map.of("loadAverage", "loadavg: absent"), unavailable);

        CapturedProc.write(proc, "loadavg", "3.66 1.75");
        assertNull(reader.read(unavailable));
        assertEquals(Map.of("loadAverage", "loadavg: not three averages"), unavailable);
    }

    @Test
    void acceptsOnlyTheKernelsNumberFormat() {
        assertEquals(new LoadAverage(0, 12.5, 100), LoadAverageReader.parse("0.00  12.50\t100.00 1/1 1"));
        assertEquals(new LoadAverage(1, 2, 3), LoadAverageReader.parse("1 2 3"));
        assertNull(LoadAverageReader.parse(""));
        assertNull(LoadAverageReader.parse("NaN 1.0 1.0 1/1 1"));
        assertNull(LoadAverageReader.parse("-1.0 1.0 1.0"));
        assertNull(LoadAverageReader.parse("1e3 1.0 1.0"));
    }
}
