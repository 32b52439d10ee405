package dev.tcpfleet.cli.commands;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** Which hosts a command is for, as the API's selector: exactly one of the three options. */
final class Targets {
    @Option(names = "--hosts", split = ",", paramLabel = "ID", description = "these host ids")
    List<String> hosts;

    @Option(names = "--selector", paramLabel = "LABELS",
            description = "the hosts a label selector picks, e.g. env=prod,role!=db")
    String labels;

    @Option(names = "--all", description = "every host")
    boolean all;

    /** The API's {@code selector} body. */
    Map<String, Object> selector(boolean includeStale) {
        Map<String, Object> selector = new LinkedHashMap<>();
        if (hosts != null) {
            selector.put("hosts", hosts);
        } else if (labels != null) {
            selector.put("labels", labels);
        } else {
            selector.put("all", true);
        }
        selector.put("includeStale", includeStale);
        return selector;
    }
}
