package dev.tcpfleet.agent.local;

import dev.tcpfleet.domain.findings.FindingThresholds;
import java.util.Set;

/**
 * Arguments of {@code analyze} and {@code monitor}, checked up front so a typo is an error, not a default.
 *
 * @param monitorSeconds null for {@code analyze}
 * @param intervalMillis {@code monitor}'s refresh; {@code analyze}'s pause between its two reads
 */
record LocalOptions(String command, boolean help, boolean json, Integer monitorSeconds, long intervalMillis,
                    int timeWaitWarning) {
    private static final int DEFAULT_TIME_WAIT_WARNING = FindingThresholds.defaults().timeWaitOnHostWarning();
    private static final int MAX_MONITOR_SECONDS = 7 * 24 * 3600;
    static final long ANALYZE_INTERVAL_MILLIS = 1_000;
    private static final int MAX_ANALYZE_INTERVAL_SECONDS = 60;
    private static final Set<String> HELP = Set.of("help", "--help", "-h");

    static LocalOptions parse(String[] args) {
        String command = args[0];
        if (HELP.contains(command)) {
            return new LocalOptions(command, true, false, null, 0, DEFAULT_TIME_WAIT_WARNING);
        }
        if (!command.equals("analyze") && !command.equals("monitor")) {
            throw new IllegalArgumentException("unknown command '" + command + "'");
        }
        boolean json = false;
        Integer seconds = command.equals("monitor") ? 60 : null;
        // analyze reads twice this far apart so its counters have rates; monitor refreshes this often.
        long intervalMillis = command.equals("analyze") ? ANALYZE_INTERVAL_MILLIS : 2_000;
        int timeWaitWarning = DEFAULT_TIME_WAIT_WARNING;
        for (int i = 1; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--json" -> json = true;
                case "--interval" -> intervalMillis = Math.round(number(args, ++i, arg, 0.1,
                        command.equals("analyze") ? MAX_ANALYZE_INTERVAL_SECONDS : 3600) * 1000);
                case "--time-wait-warning" -> timeWaitWarning = (int) number(args, ++i, arg, 1, Integer.MAX_VALUE);
                default -> {
                    if (command.equals("monitor") && i == 1 && !arg.startsWith("-")) {
                        seconds = (int) number(args, i, "SECONDS", 1, MAX_MONITOR_SECONDS);
                    } else {
                        throw new IllegalArgumentException("unknown argument '" + arg + "' for " + command);
                    }
                }
            }
        }
        return new LocalOptions(command, false, json, seconds, intervalMillis, timeWaitWarning);
    }

    private static double number(String[] args, int index, String name, double min, double max) {
        if (index >= args.length) {
            throw new IllegalArgumentException(name + " needs a value");
        }
        double value;
        try {
            value = Double.parseDouble(args[index]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a number, not '" + args[index] + "'");
        }
        if (!(value >= min && value <= max)) {
            throw new IllegalArgumentException(name + " must be between " + trim(min) + " and " + trim(max)
                    + ", not " + args[index]);
        }
        return value;
    }

    private static String trim(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }
}
