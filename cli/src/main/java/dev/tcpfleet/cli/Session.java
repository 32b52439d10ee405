package dev.tcpfleet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tcpfleet.cli.render.LiveLines;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** What every command works with: the API, where output goes, and how it should look. */
public final class Session {
    private static final Duration POLL = Duration.ofSeconds(1);

    private final ApiClient api;
    private final boolean json;
    private final boolean terminal;
    private final PrintWriter out;
    private final PrintWriter err;

    Session(ApiClient api, boolean json, boolean terminal, PrintWriter out, PrintWriter err) {
        this.api = api;
        this.json = json;
        this.terminal = terminal;
        this.out = out;
        this.err = err;
    }

    public ApiClient api() {
        return api;
    }

    /** {@code --output json}: print the API's answer as it came, for jq and scripts. */
    public boolean json() {
        return json;
    }

    public PrintWriter out() {
        return out;
    }

    public PrintWriter err() {
        return err;
    }

    public JsonNode tree(String body) {
        return api.tree(body);
    }

    /** The API's {@code body} as is with {@code --output json}, else {@code human}'s text of it. */
    public void print(String body, Function<JsonNode, String> human) {
        out.print(json ? body + "\n" : human.apply(tree(body)));
        out.flush();
    }

    /** Whether output goes to a terminal, where lines may change in place, rather than to a log or a pipe. */
    public boolean terminal() {
        return terminal;
    }

    /** Status lines that redraw in place on a terminal; never used for JSON output, which prints the end only. */
    public LiveLines live() {
        return new LiveLines(json ? new PrintWriter(PrintWriter.nullWriter()) : out, terminal);
    }

    /**
     * Fetches with {@code fetch} every second, showing each answer with {@code progress}, until {@code done}
     * accepts one, whose body it returns; gives up with {@link ExitCodes#TIMED_OUT} after {@code timeout}.
     */
    public String await(Supplier<String> fetch, Predicate<JsonNode> done, Duration timeout,
            Consumer<JsonNode> progress, String what) {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            String body = fetch.get();
            JsonNode answer = tree(body);
            progress.accept(answer);
            if (done.test(answer)) {
                return body;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new CliException(ExitCodes.TIMED_OUT, "gave up waiting for " + what + " after " + timeout
                        + "; it goes on");
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CliException(ExitCodes.UNAVAILABLE, "interrupted");
            }
        }
    }
}
