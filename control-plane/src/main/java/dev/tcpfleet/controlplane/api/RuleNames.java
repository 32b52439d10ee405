package dev.tcpfleet.controlplane.api;

import dev.tcpfleet.controlplane.errors.Refused;
import java.util.regex.Pattern;

/** Names of rules an operator makes (alert and automation rules): safe in a URL, a log line and a label. */
public final class RuleNames {
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

    private RuleNames() {
    }

    public static boolean isValid(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    /** {@code name}, or a 400 for a rule about to be made under a name that cannot be one. */
    public static String require(String name) {
        if (!isValid(name)) {
            throw Refused.invalid("name", "a rule name is lowercase letters, digits and -, up to 63");
        }
        return name;
    }
}
