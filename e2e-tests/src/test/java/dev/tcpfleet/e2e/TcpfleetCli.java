package dev.tcpfleet.e2e;

import dev.tcpfleet.testing.RepoPaths;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The packaged {@code tcpfleet} command, run as an operator's shell would: a child process with the API and token
 * in its environment, its home an empty folder (no config file of the machine's), stdout not a terminal.
 */
final class TcpfleetCli implements AutoCloseable {
    record Result(int exit, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    private final Map<String, String> env;
    private final Path home;

    TcpfleetCli(String api, String token) throws IOException {
        this.env = Map.of("TCPFLEET_API", api, "TCPFLEET_TOKEN", token);
        this.home = Files.createTempDirectory("tcpfleet-cli-home-");
    }

    /** Removes the home folder and the output files kept in it. */
    @Override
    public void close() throws IOException {
        try (Stream<Path> files = Files.walk(home)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }

    Result run(String... args) {
        return run(Duration.ofMinutes(3), args);
    }

    Result run(Duration timeout, String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Duser.home=" + home, "-jar", RepoPaths.built("cli/target/tcpfleet-cli.jar").toString()));
        command.addAll(List.of(args));
        try {
            Path out = Files.createTempFile(home, "out-", ".txt");
            Path err = Files.createTempFile(home, "err-", ".txt");
            ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile())
                    .redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE);
            builder.environment().remove("TCPFLEET_CONFIG");
            builder.environment().putAll(env);
            Process process = builder.start();
            process.getOutputStream().close();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor();
                throw new AssertionError("tcpfleet " + String.join(" ", args) + " still ran after " + timeout
                        + "; its output so far:\n" + Files.readString(out));
            }
            return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("cannot run tcpfleet", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
