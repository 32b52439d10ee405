package dev.tcpfleet.cli;

import dev.tcpfleet.cli.render.TimeArgs;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import picocli.CommandLine;

/** {@code tcpfleet}: see {@link TcpfleetCommand} and {@link ExitCodes}. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        Map<String, String> env = System.getenv();
        // System.console() is null when stdout is a pipe or a file: then progress is printed line by line
        boolean terminal = System.console() != null && !"dumb".equals(env.get("TERM"));
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        System.exit(run(args, env, Path.of(System.getProperty("user.home")), out, err, terminal));
    }

    static int run(String[] args, Map<String, String> env, Path home, PrintWriter out, PrintWriter err,
            boolean terminal) {
        CommandLine commandLine = new CommandLine(new TcpfleetCommand(env, home, out, err, terminal))
                .registerConverter(Duration.class, Main::duration)
                .setCaseInsensitiveEnumValuesAllowed(true).setOut(out).setErr(err)
                .setParameterExceptionHandler((e, arguments) -> {
                    UsageErrors.lines(e).forEach(err::println);
                    return ExitCodes.USAGE;
                })
                .setExecutionExceptionHandler((e, line, parsed) -> {
                    if (e instanceof CliException failure) {
                        err.println("tcpfleet: " + failure.message(line.getCommand() instanceof ApiCommand command
                                ? command.flagsByField() : Map.of()));
                        return failure.exitCode();
                    }
                    err.println("tcpfleet: " + e);
                    return ExitCodes.UNAVAILABLE;
                });
        int code = commandLine.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    /** As picocli words a conversion error: "Invalid value for option '--for': " and the reason, nothing more. */
    private static Duration duration(String text) {
        try {
            return TimeArgs.duration(text);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }
}
