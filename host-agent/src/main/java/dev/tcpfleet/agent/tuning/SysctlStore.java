package dev.tcpfleet.agent.tuning;

import java.io.IOException;

/** The live kernel settings the agent tunes. Values go in and come out in the kernel's text format. */
public interface SysctlStore {
    /** Whether this kernel (and network namespace) has the key at all. */
    boolean exists(String key);

    /** The current value, fields separated by single spaces. */
    String read(String key) throws IOException;

    /** Sets the value; the kernel may refuse it (an IOException) or normalise it. */
    void write(String key, String value) throws IOException;
}
