package dev.tcpfleet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What a mistyped command line prints, parsed as {@code main} would, before any API is called. */
class UsageErrorsTest {
    @TempDir
    Path home;

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "hots | tcpfleet: no command 'hots' in tcpfleet; did you mean 'hosts'?"
                    + " | run 'tcpfleet --help' for its usage",
            "silence --rule r --for 8 --reason x | tcpfleet: Invalid value for option '--for': '8' needs a unit: 8s,"
                    + " 8m, 8h or 8d | run 'tcpfleet silence --help' for its usage",
            "silence --rule r --for 8d --reason x | tcpfleet: --for is 1m to 7d (a silence always ends), not 8d"
                    + " | run 'tcpfleet silence --help' for its usage",
            "silence --rule r --reason x | tcpfleet: Missing required option: '--for=DURATION'"
                    + " | run 'tcpfleet silence --help' for its usage",
            "silence --rule r | tcpfleet: Missing required options: '--for=DURATION', '--reason=TEXT'"
                    + " | run 'tcpfleet silence --help' for its usage",
            "silence lst | tcpfleet: no command 'lst' in tcpfleet silence; did you mean 'list'?"
                    + " | run 'tcpfleet silence --help' for its usage",
            "campaign stop | tcpfleet: which campaign? give its ID, or --all"
                    + " | run 'tcpfleet campaign stop --help' for its usage",
            "campaign stop c-1 --all | tcpfleet: give an ID or --all, not both"
                    + " | run 'tcpfleet campaign stop --help' for its usage",
            "hosts --selectr env=prod | tcpfleet: Unknown option: '--selectr'; did you mean '--selector'?"
                    + " | run 'tcpfleet hosts --help' for its usage",
            "trend time_wait --all --from 6 | tcpfleet: --from: '6' needs a unit: 6s, 6m, 6h or 6d"
                    + " | run 'tcpfleet trend --help' for its usage",
            "profile shw web | tcpfleet: no command 'shw' in tcpfleet profile; did you mean 'show'?"
                    + " | run 'tcpfleet profile --help' for its usage"
    })
    void aUsageErrorIsItsReasonAndOneHint(String args, String reason, String hint) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();

        int exit = Main.run(args.split(" "), Map.of("TCPFLEET_TOKEN", "tf_x", "TCPFLEET_API", "http://127.0.0.1:9"),
                home, new PrintWriter(out), new PrintWriter(err), false);

        assertEquals(ExitCodes.USAGE, exit, err::toString);
        assertEquals(reason + "\n" + hint + "\n", err.toString());
        assertEquals("", out.toString());
    }
}
