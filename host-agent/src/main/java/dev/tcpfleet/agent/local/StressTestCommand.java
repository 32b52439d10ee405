package dev.tcpfleet.agent.local;

import dev.tcpfleet.agent.procfs.ProcFs;
import dev.tcpfleet.agent.stress.HeadroomReader;
import dev.tcpfleet.agent.stress.StressGuardrails;
import dev.tcpfleet.agent.stress.StressLimits;
import dev.tcpfleet.agent.stress.StressService;
import dev.tcpfleet.protocol.ProtocolJson;
import dev.tcpfleet.protocol.stress.FailureClass;
import dev.tcpfleet.protocol.stress.StressKind;
import dev.tcpfleet.protocol.stress.StressRequest;
import dev.tcpfleet.protocol.stress.StressResult;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.function.Function;

/**
 * {@code host-agent test}: the old script's {@code test}, a latency probe then a connection load against one
 * target, with the same generator and guardrails as a fleet campaign. The local operator may aim anywhere (no
 * allowlist); caps and headroom hold unless {@code --force}. Exit codes: 0 ran within the error rate, 1 refused
 * or could not run, 2 bad arguments, 3 ran but more connections failed than {@code --max-error-rate} allows.
 */
final class StressTestCommand {
    static final String USAGE = """
                   host-agent test --target HOST:PORT [--connections N] [--concurrency C] [--rate R|unlimited]
                                   [--payload TEXT] [--read BYTES] [--connect-timeout MS] [--duration S]
                                   [--probes K] [--max-error-rate PERCENT] [--force] [--json]
                                                  K sequential connects (default 5), then N connections (default
                                                  1000), C at once (default 100), R a second (default 1000);
                                                  TEXT sent and BYTES read on each (or until the server closes);
                                                  --force lifts the caps and the headroom check;
                                                  exit 0 ran, 1 refused, 2 bad arguments, 3 more than PERCENT
                                                  (default 5) of a test's connections failed
            """;
    /** The probe samples the path, like the old script's one connect a second, not a burst of its own. */
    private static final int PROBES_PER_SECOND = 10;
    /** The old script's alert threshold: an error rate over 5 % is a failed test. */
    private static final double DEFAULT_MAX_ERROR_RATE = 5.0;
    static final int EXIT_ERROR_RATE = 3;

    private StressTestCommand() {
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        Options options;
        List<StressRequest> requests = new ArrayList<>();
        try {
            options = Options.parse(args);
            String id = "local-" + UUID.randomUUID();
            if (options.probes > 0) {
                requests.add(StressRequest.latencyProbe(id + "-probe", options.host, options.port, options.probes,
                        PROBES_PER_SECOND, options.connectTimeoutMillis, options.durationMillis));
            }
            requests.add(new StressRequest(StressRequest.SCHEMA_VERSION, id, StressKind.CONNECT_LOAD, options.host,
                    options.port, options.connections, options.concurrency, options.rate, options.payload, null,
                    options.readBytes, options.connectTimeoutMillis, options.durationMillis));
        } catch (IllegalArgumentException e) {
            err.println("host-agent: test: " + e.getMessage());
            err.print(LocalCommand.USAGE);
            return 2;
        }
        StressService service = options.force ? StressService.unguarded(Clock.systemUTC())
                : new StressService(StressGuardrails.local(StressLimits.defaults()),
                        new HeadroomReader(new ProcFs(Path.of("/proc"))), Clock.systemUTC());
        List<StressResult> results = new ArrayList<>();
        try {
            for (StressRequest request : requests) {
                StressResult result = service.run(request);
                results.add(result);
                if (options.json) {
                    out.println(new String(ProtocolJson.write(result), StandardCharsets.UTF_8));
                }
            }
        } catch (RuntimeException e) {
            err.println("host-agent: test failed: " + e.getMessage());
            return 1;
        }
        if (!options.json) {
            out.print(render(requests, results, options.force, options.maxErrorRatePercent));
        }
        if (results.stream().anyMatch(StressResult::wasRefused)) {
            return 1;
        }
        if (results.stream().anyMatch(r -> overErrorRate(r, options.maxErrorRatePercent))) {
            if (options.json) { // the table says it otherwise; a script reading JSON still learns why it failed
                err.println("host-agent: test: more than " + percent(options.maxErrorRatePercent)
                        + " of the connections failed (--max-error-rate)");
            }
            return EXIT_ERROR_RATE;
        }
        return 0;
    }

    /** Failures over attempts, as the old script counted them; connections the duration cut short are neither. */
    static boolean overErrorRate(StressResult result, double maxPercent) {
        return !result.wasRefused() && result.failed() * 100.0 > maxPercent * result.attempted();
    }

    private static String percent(double value) {
        return new BigDecimal(Double.toString(value)).stripTrailingZeros().toPlainString() + "%";
    }

    static String render(List<StressRequest> requests, List<StressResult> results, boolean force,
            double maxErrorRatePercent) {
        StringBuilder text = new StringBuilder("Connection test of " + requests.get(0).target()
                + (force ? " (--force: no caps, no headroom check)" : "") + "\n\n");
        String[] header = new String[results.size() + 1];
        header[0] = "";
        for (int i = 0; i < results.size(); i++) {
            header[i + 1] = results.get(i).kind() == StressKind.LATENCY_PROBE ? ">latency probe" : ">connection load";
        }
        TextTable table = new TextTable(header);
        table.row(column("connections", requests, r -> Integer.toString(r.connections())));
        table.row(column("at once", requests, r -> Integer.toString(r.concurrency())));
        table.row(column("succeeded", results, r -> Long.toString(r.successes())));
        for (FailureClass failureClass : FailureClass.values()) {
            table.row(column(failureClass.name().toLowerCase(Locale.ROOT), results,
                    r -> Long.toString(r.failures().get(failureClass))));
        }
        table.row(column("cut short by the duration", results, r -> Long.toString(r.cutShort())));
        table.row(column("elapsed", results, r -> duration(r.elapsedMillis() * 1000)));
        table.row(column("connections/s", results, r -> String.format(Locale.ROOT, "%.0f", r.achievedRate())));
        table.row(column("connect p50", results, r -> latency(r, r.latency().p50Micros())));
        table.row(column("connect p90", results, r -> latency(r, r.latency().p90Micros())));
        table.row(column("connect p99", results, r -> latency(r, r.latency().p99Micros())));
        table.row(column("connect max", results, r -> latency(r, r.latency().maxMicros())));
        table.row(column("bytes read", results, r -> Long.toString(r.bytesRead())));
        text.append(table.render());
        for (StressResult result : results) {
            String kind = result.kind() == StressKind.LATENCY_PROBE ? "latency probe" : "connection load";
            if (result.wasRefused()) {
                text.append("\n").append(kind).append(" refused: ").append(result.refusal()).append('\n');
            } else if (overErrorRate(result, maxErrorRatePercent)) {
                text.append("\n").append(kind).append(String.format(Locale.ROOT,
                        ": %d of %d connections failed (over %s): check the target's backlog and connection limits,"
                                + " the path's firewalls, and this host's ephemeral ports%n",
                        result.failed(), result.attempted(), percent(maxErrorRatePercent)));
            }
        }
        return text.toString();
    }

    private static <T> Object[] column(String name, List<T> items, Function<T, String> cell) {
        Object[] row = new Object[items.size() + 1];
        row[0] = name;
        for (int i = 0; i < items.size(); i++) {
            row[i + 1] = cell.apply(items.get(i));
        }
        return row;
    }

    /** A dash where no connect completed: 0 us would read as a very fast one. */
    private static String latency(StressResult result, long micros) {
        return result.latency().count() == 0 ? "-" : duration(micros);
    }

    private static String duration(long micros) {
        if (micros < 1_000) {
            return micros + " us";
        }
        if (micros < 1_000_000) {
            return String.format(Locale.ROOT, "%.1f ms", micros / 1e3);
        }
        return String.format(Locale.ROOT, "%.2f s", micros / 1e6);
    }

    /** The arguments, each checked against its range so a typo is an error, not a default. */
    private static final class Options {
        String host;
        int port;
        int connections = 1000;
        int concurrency = 100;
        Integer rate = StressLimits.defaults().maxRate();
        String payload;
        int readBytes;
        long connectTimeoutMillis = 5_000;
        long durationMillis = 60_000;
        int probes = 5;
        double maxErrorRatePercent = DEFAULT_MAX_ERROR_RATE;
        boolean force;
        boolean json;

        static Options parse(String[] args) {
            Options options = new Options();
            for (int i = 1; i < args.length; i++) {
                String name = args[i];
                switch (name) {
                    case "--json" -> options.json = true;
                    case "--force" -> options.force = true;
                    case "--target" -> options.target(value(args, ++i, name));
                    case "--connections" -> options.connections = (int) number(args, ++i, name, 1, Integer.MAX_VALUE);
                    case "--concurrency" -> options.concurrency = (int) number(args, ++i, name, 1, 1_000_000);
                    case "--rate" -> options.rate = value(args, ++i, name).equals("unlimited") ? null
                            : Integer.valueOf((int) number(args, i, name, 1, Integer.MAX_VALUE));
                    case "--payload" -> options.payload = value(args, ++i, name);
                    case "--read" -> options.readBytes = (int) number(args, ++i, name, 0, Integer.MAX_VALUE);
                    case "--connect-timeout" -> options.connectTimeoutMillis = number(args, ++i, name, 1, 600_000);
                    case "--duration" -> options.durationMillis = number(args, ++i, name, 1, 24 * 3600) * 1000;
                    case "--probes" -> options.probes = (int) number(args, ++i, name, 0, 10_000);
                    case "--max-error-rate" -> options.maxErrorRatePercent = percentage(value(args, ++i, name), name);
                    default -> throw new IllegalArgumentException("unknown argument '" + name + "'");
                }
            }
            if (options.host == null) {
                throw new IllegalArgumentException("--target HOST:PORT is required");
            }
            return options;
        }

        private void target(String target) {
            int colon = target.lastIndexOf(':');
            String hostPart = colon < 0 ? "" : target.substring(0, colon);
            if (hostPart.startsWith("[") && hostPart.endsWith("]")) {
                hostPart = hostPart.substring(1, hostPart.length() - 1);
            } else if (hostPart.contains(":")) {
                throw new IllegalArgumentException("--target: write an IPv6 address as [ADDRESS]:PORT, not " + target);
            }
            if (hostPart.isEmpty()) {
                throw new IllegalArgumentException("--target must be HOST:PORT, not '" + target + "'");
            }
            host = hostPart;
            port = (int) number(new String[] {target.substring(colon + 1)}, 0, "--target's port", 1, 65535);
        }

        private static String value(String[] args, int index, String name) {
            if (index >= args.length) {
                throw new IllegalArgumentException(name + " needs a value");
            }
            return args[index];
        }

        /** 0 to 100, with or without a trailing %: "5", "5%" and "0.5" all read as people mean them. */
        private static double percentage(String text, String name) {
            String digits = text.endsWith("%") ? text.substring(0, text.length() - 1) : text;
            double value;
            try {
                value = Double.parseDouble(digits);
            } catch (NumberFormatException e) {
                value = Double.NaN;
            }
            if (!(value >= 0 && value <= 100) || !digits.matches("[0-9.]+")) {
                throw new IllegalArgumentException(name + " must be a percentage from 0 to 100, not '" + text + "'");
            }
            return value;
        }

        private static long number(String[] args, int index, String name, long min, long max) {
            String text = value(args, index, name);
            long value;
            try {
                value = Long.parseLong(text);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(name + " must be a whole number, not '" + text + "'");
            }
            if (value < min || value > max) {
                throw new IllegalArgumentException(name + " must be between " + min + " and " + max + ", not " + text);
            }
            return value;
        }
    }
}
