package dev.tcpfleet.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** A noun whose verbs are its subcommands: alone, it is a usage error that shows them. */
public abstract class CommandGroup implements Runnable {
    @Spec
    protected CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "which one? " + String.join(", ",
                spec.subcommands().keySet()));
    }
}
