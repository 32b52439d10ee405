package dev.tcpfleet.domain.findings;

import dev.tcpfleet.protocol.ProcessSockets;
import java.util.List;

/** What a finding is about, spelled the same way by every rule. */
final class Subjects {
    static final String HOST = "host";

    private Subjects() {
    }

    static String port(int port) {
        return "port " + port;
    }

    static String process(ProcessSockets process) {
        return process.name() == null ? "pid " + process.pid() : "pid " + process.pid() + " (" + process.name() + ")";
    }

    /** {@code address:port}, IPv6 in brackets as DestinationUsage.endpoint() writes it. */
    static String endpoint(String address, int port) {
        if (address == null) {
            return "port " + port;
        }
        return address.indexOf(':') >= 0 ? "[" + address + "]:" + port : address + ":" + port;
    }

    /** The process by pid, named when the snapshot lists it. */
    static String process(int pid, List<ProcessSockets> processes) {
        return processes.stream()
                .filter(process -> process.pid() == pid)
                .findFirst()
                .map(Subjects::process)
                .orElse("pid " + pid);
    }
}
