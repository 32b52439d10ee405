package dev.tcpfleet.agent.procfs;

import dev.tcpfleet.protocol.LoadAverage;
import java.util.Map;

/** {@code /proc/loadavg}: "1.36 1.50 0.89 2/140 15428", of which the first three fields are the averages. */
public final class LoadAverageReader {
    public static final String LOADAVG = "loadavg";

    private final ProcFs procFs;

    public LoadAverageReader(ProcFs procFs) {
        this.procFs = procFs;
    }

    /** The averages, or null (and reported) when the file is absent or unparseable. */
    public LoadAverage read(Map<String, String> unavailable) {
        return ProcText.readFigure(procFs, LOADAVG, "loadAverage", LoadAverageReader::parse,
                "not three averages", unavailable);
    }

    /** The averages, or null when the first three fields are not non-negative numbers. */
    public static LoadAverage parse(String content) {
        String[] fields = ProcText.fields(content);
        if (fields.length < 3) {
            return null;
        }
        double[] averages = new double[3];
        for (int i = 0; i < 3; i++) {
            // the kernel prints "%lu.%02lu": digits and one dot, never a sign, exponent or "NaN"
            if (!fields[i].matches("\\d+(\\.\\d+)?")) {
                return null;
            }
            averages[i] = Double.parseDouble(fields[i]);
        }
        return new LoadAverage(averages[0], averages[1], averages[2]);
    }
}
