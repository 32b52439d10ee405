package dev.tcpfleet.protocol;

/**
 * One sysctl in a tuning result, values in the kernel's own format (fields separated by single spaces).
 *
 * @param key     e.g. {@code net.core.somaxconn}
 * @param before  the value before the command, null if unread
 * @param desired the value the command asked for
 * @param after   the value read back afterwards, null if unread
 */
public record KeyChange(String key, String before, String desired, String after) {
    public boolean changes() {
        return before == null || !before.equals(desired);
    }
}
