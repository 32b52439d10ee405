package dev.tcpfleet.cli.commands;

import dev.tcpfleet.cli.Session;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/** Which hosts a command is for, as the API's selector: one of --hosts, --selector, --all; a mixin. */
final class Targets {
    @ArgGroup(multiplicity = "1")
    Choice choice;

    @Option(names = "--include-stale", description = "also hosts that stopped reporting")
    boolean includeStale;

    static final class Choice {
        @Option(names = "--hosts", split = ",", paramLabel = "HOST",
                description = "these hosts, by id or by a hostname no other host has")
        List<String> hosts;

        @Option(names = "--selector", paramLabel = "LABELS",
                description = "the hosts a label selector picks, e.g. env=prod,role!=db")
        String labels;

        @Option(names = "--all", description = "every host")
        boolean all;
    }

    /** The flags behind the selector's fields, for {@code ApiCommand.flagsByField}, with the command's own. */
    static Map<String, String> flagsAnd(Map<String, String> own) {
        Map<String, String> flags = new HashMap<>(Map.of("selector", "--hosts, --selector or --all",
                "hosts", "--hosts", "labels", "--selector"));
        flags.putAll(own);
        return flags;
    }

    /** The API's {@code selector} body. */
    Map<String, Object> selector(Session session) {
        Map<String, Object> selector = new LinkedHashMap<>();
        if (choice.hosts != null) {
            selector.put("hosts", HostNames.resolve(session, choice.hosts));
        } else if (choice.labels != null) {
            selector.put("labels", choice.labels);
        } else {
            selector.put("all", true);
        }
        selector.put("includeStale", includeStale);
        return selector;
    }
}
