package dev.tcpfleet.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tcpfleet.testing.RepoPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every command the README's CLI section shows is typed by a test, so the list cannot drift from what is proven: for
 * each {@code bin/tcpfleet ...} in its bash block, some call in one of {@link #TESTS} passes the same command words,
 * one after another, and every flag the README shows with them.
 *
 * <p>The command words are the lower-case words after {@code bin/tcpfleet} and its global options, up to the first
 * argument or flag: the README writes arguments with a hyphen, a digit or in capitals ({@code web-7},
 * {@code web-tuning}, {@code C}). {@code pause|resume|abort} stands for three commands.
 */
class ReadmeCliCommandsTest {
    /** The tests that run the packaged CLI; HostEnrolmentIT is the one with a real pending agent to accept. */
    private static final List<String> TESTS = List.of("CliIT", "HostEnrolmentIT");
    private static final Pattern WORDS = Pattern.compile("[a-z]+(\\|[a-z]+)*");
    private static final Pattern TOKEN = Pattern.compile("\"[^\"]*\"|'[^']*'|\\S+");
    private static final Pattern JAVA_STRING = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"");

    /** One command as the README shows it: its command words and flags. */
    record ReadmeCommand(String shown, List<String> words, List<String> flags) {
        boolean typedBy(List<String> args) {
            return Collections.indexOfSubList(args, words) >= 0 && args.containsAll(flags);
        }
    }

    @Test
    void everyCommandTheReadmesCliSectionShowsIsTypedByATest() throws IOException {
        List<ReadmeCommand> commands = readmeCommands();
        assertTrue(commands.size() > 30, "the CLI section's bash block was not found or parsed: " + commands);
        List<List<String>> calls = new ArrayList<>();
        for (String test : TESTS) {
            calls.addAll(cliCalls(Files.readString(RepoPaths.root()
                    .resolve("e2e-tests/src/test/java/dev/tcpfleet/e2e/" + test + ".java"))));
        }
        List<String> untested = new ArrayList<>();
        for (ReadmeCommand command : commands) {
            if (calls.stream().noneMatch(command::typedBy)) {
                untested.add("`" + command.shown() + "`: no call types " + command.words()
                        + (command.flags().isEmpty() ? "" : " with " + command.flags()));
            }
        }
        assertEquals(List.of(), untested, "README.md's `tcpfleet` CLI section shows commands no test in " + TESTS
                + " types; add the call (CliIT checks output and exit code) or mend the README line");
    }

    /** The {@code bin/tcpfleet} commands of the bash block in README.md's section "The `tcpfleet` CLI". */
    static List<ReadmeCommand> readmeCommands() throws IOException {
        String readme = Files.readString(RepoPaths.root().resolve("README.md"));
        int section = readme.indexOf("\n## The `tcpfleet` CLI\n");
        int start = readme.indexOf("```bash\n", section);
        String block = readme.substring(start, readme.indexOf("\n```", start + 1)).replace("\\\n", " ");
        List<ReadmeCommand> commands = new ArrayList<>();
        for (String line : block.split("\n")) {
            for (String segment : line.replaceFirst("\\s+#.*$", "").split(";")) {
                String shown = segment.strip();
                if (shown.startsWith("bin/tcpfleet ")) {
                    commands.addAll(parse(shown));
                }
            }
        }
        return commands;
    }

    private static List<ReadmeCommand> parse(String shown) {
        List<String> tokens = new ArrayList<>();
        Matcher token = TOKEN.matcher(shown.substring("bin/tcpfleet ".length()));
        while (token.find() && !token.group().equals("|") && !token.group().equals(">")) {
            tokens.add(token.group());
        }
        int i = 0;
        while (i < tokens.size() && tokens.get(i).startsWith("-")) {
            i += 2; // a global option (-o, --api, --token) and its value
        }
        List<String> words = new ArrayList<>();
        String alternatives = null;
        for (; i < tokens.size() && WORDS.matcher(tokens.get(i)).matches(); i++) {
            if (tokens.get(i).contains("|")) {
                alternatives = tokens.get(i);
            }
            words.add(tokens.get(i));
        }
        List<String> flags = tokens.stream().filter(t -> t.startsWith("-")).toList();
        if (alternatives == null) {
            return List.of(new ReadmeCommand(shown, words, flags));
        }
        int at = words.indexOf(alternatives);
        List<ReadmeCommand> each = new ArrayList<>();
        for (String word : alternatives.split("\\|")) {
            List<String> chosen = new ArrayList<>(words);
            chosen.set(at, word);
            each.add(new ReadmeCommand(shown, chosen, flags));
        }
        return each;
    }

    /** The string arguments of each statement that runs the CLI ({@code ok(...)}, {@code cli.run(...)}). */
    static List<List<String>> cliCalls(String source) {
        return Arrays.stream(source.split(";"))
                .filter(statement -> statement.contains("ok(") || statement.contains("cli.run("))
                .map(statement -> JAVA_STRING.matcher(statement).results().map(m -> m.group(1)).toList())
                .toList();
    }
}
