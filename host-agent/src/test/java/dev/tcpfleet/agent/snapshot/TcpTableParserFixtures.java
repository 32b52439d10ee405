package dev.tcpfleet.agent.snapshot;

import static dev.tcpfleet.agent.procfs.TcpTableParserTest.ESTABLISHED;
import static dev.tcpfleet.agent.procfs.TcpTableParserTest.LISTEN6;
import static dev.tcpfleet.agent.procfs.TcpTableParserTest.LISTEN_8080;
import static dev.tcpfleet.agent.procfs.TcpTableParserTest.MAPPED_V4;
import static dev.tcpfleet.agent.procfs.TcpTableParserTest.TCP6_HEADER;
import static dev.tcpfleet.agent.procfs.TcpTableParserTest.TCP_HEADER;
import static dev.tcpfleet.agent.procfs.TcpTableParserTest.TIME_WAIT;

/** Small /proc/net tables in the kernel's own format. */
final class TcpTableParserFixtures {
    static final String TCP = TCP_HEADER + LISTEN_8080 + ESTABLISHED + TIME_WAIT;
    static final String TCP6 = TCP6_HEADER + LISTEN6 + MAPPED_V4;

    private TcpTableParserFixtures() {
    }
}
