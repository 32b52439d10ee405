package dev.tcpfleet.cli;

import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** A command that talks to the API; its exit code is {@link ExitCodes#OK} unless it says otherwise. */
public abstract class ApiCommand implements Callable<Integer> {
    @Spec
    protected CommandSpec spec;

    protected Session session() {
        return ((TcpfleetCommand) spec.root().userObject()).session();
    }

    /** The flag behind each request field the API may name in a refusal, so the person reads the flag typed. */
    public Map<String, String> flagsByField() {
        return Map.of();
    }

    /** Bad input the options' types could not catch: exit code 2 with the reason and a hint, as picocli's own. */
    protected ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
