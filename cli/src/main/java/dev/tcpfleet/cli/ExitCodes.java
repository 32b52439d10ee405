package dev.tcpfleet.cli;

/** What `tcpfleet` exits with (listed again in TcpfleetCommand's help); scripts branch on these. */
public final class ExitCodes {
    public static final int OK = 0;
    /** The API refused the request (a 4xx): bad input, unknown id, wrong token, missing role, conflict. */
    public static final int REFUSED = 1;
    /** The command line was wrong (unknown option, bad value, missing argument) or the configuration was. */
    public static final int USAGE = 2;
    /** The API could not be reached, failed (a 5xx) or answered something unreadable. */
    public static final int UNAVAILABLE = 3;
    /** A command that waits saw what it waited for fail: a rollout rolled back or halted, hosts that failed. */
    public static final int FAILED = 4;
    /** A command that waits gave up at its --timeout; what it started goes on. */
    public static final int TIMED_OUT = 5;

    private ExitCodes() {
    }
}
