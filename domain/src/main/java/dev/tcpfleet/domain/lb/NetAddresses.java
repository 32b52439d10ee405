package dev.tcpfleet.domain.lb;

import java.util.regex.Pattern;

/**
 * What may stand for a host in a rendered config. Checked by pattern alone, never resolved: a name is looked up by
 * HAProxy or nginx when they load the config, and nothing outside these characters can reach a config line.
 */
final class NetAddresses {
    private static final Pattern IPV4 =
            Pattern.compile("(?:(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\\.){3}(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])");
    private static final Pattern HEX_GROUP = Pattern.compile("[0-9A-Fa-f]{1,4}");
    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?");
    private static final Pattern DIGITS = Pattern.compile("[0-9]+");

    private NetAddresses() {
    }

    static boolean isIpv4(String text) {
        return IPV4.matcher(text).matches();
    }

    /** An IPv6 literal without brackets or zone, {@code ::ffff:10.0.0.1} included. */
    static boolean isIpv6(String text) {
        if (text.length() < 2 || text.length() > 45 || text.indexOf(':') < 0) {
            return false;
        }
        String hex = text;
        if (text.indexOf('.') >= 0) {
            // only the last 32 bits may be written as IPv4; they count as two groups
            int lastColon = text.lastIndexOf(':');
            if (!isIpv4(text.substring(lastColon + 1))) {
                return false;
            }
            hex = text.substring(0, lastColon + 1) + "0:0";
        }
        int doubleColon = hex.indexOf("::");
        if (doubleColon < 0) {
            return hexGroups(hex) == 8;
        }
        if (hex.indexOf("::", doubleColon + 1) >= 0) {
            return false;
        }
        int head = hexGroups(hex.substring(0, doubleColon));
        int tail = hexGroups(hex.substring(doubleColon + 2));
        return head >= 0 && tail >= 0 && head + tail <= 7;
    }

    /** How many groups {@code a:b:c} holds, 0 for none, -1 when one is not 1 to 4 hex digits. */
    private static int hexGroups(String text) {
        if (text.isEmpty()) {
            return 0;
        }
        String[] groups = text.split(":", -1);
        for (String group : groups) {
            if (!HEX_GROUP.matcher(group).matches()) {
                return -1;
            }
        }
        return groups.length;
    }

    /** A DNS name; an all-digit last label is refused so that a mistyped IPv4 address is not taken for a name. */
    static boolean isHostname(String text) {
        if (text.isEmpty() || text.length() > 253) {
            return false;
        }
        String[] labels = text.split("\\.", -1);
        for (String label : labels) {
            if (!LABEL.matcher(label).matches()) {
                return false;
            }
        }
        return !DIGITS.matcher(labels[labels.length - 1]).matches();
    }

    /** {@code host:port}, with an IPv6 host in brackets as both HAProxy and nginx want it. */
    static String hostPort(String host, int port) {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
