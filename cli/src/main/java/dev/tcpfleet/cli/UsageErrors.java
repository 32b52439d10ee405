package dev.tcpfleet.cli;

import dev.tcpfleet.domain.text.Suggestions;
import java.util.List;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;
import picocli.CommandLine;

/** A usage error as one reason, with a guess at a misspelt option or command, and one hint: not the whole help. */
final class UsageErrors {
    private UsageErrors() {
    }

    static String reason(ParameterException e) {
        if (e instanceof UnmatchedArgumentException unmatched && !unmatched.getUnmatched().isEmpty()) {
            String typed = unmatched.getUnmatched().get(0);
            CommandLine.Model.CommandSpec spec = e.getCommandLine().getCommandSpec();
            if (typed.startsWith("-")) {
                String name = typed.contains("=") ? typed.substring(0, typed.indexOf('=')) : typed;
                return "Unknown option: '" + name + "'" + Suggestions.didYouMean(name, spec.optionsMap().keySet());
            }
            if (!spec.subcommands().isEmpty()) {
                return "no command '" + typed + "' in " + spec.qualifiedName()
                        + Suggestions.didYouMean(typed, spec.subcommands().keySet());
            }
        }
        return e.getMessage();
    }

    static String hint(CommandLine command) {
        return "run '" + command.getCommandSpec().qualifiedName() + " --help' for its usage";
    }

    /** The two lines a person sees on stderr. */
    static List<String> lines(ParameterException e) {
        return List.of("tcpfleet: " + reason(e), hint(e.getCommandLine()));
    }
}
