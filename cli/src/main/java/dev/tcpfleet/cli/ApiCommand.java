package dev.tcpfleet.cli;

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

    /** Bad input the options' types could not catch: exit code 2 with the usage help, as picocli's own. */
    protected ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
