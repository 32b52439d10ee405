package dev.tcpfleet.protocol.commands;

import java.util.regex.Pattern;

/**
 * The one pattern every command id (and campaign id) matches, checked by the control plane before it signs and by
 * the agent before it acts. The agent files its journals by id, so an id must make a plain file name the journal
 * lists again: a letter or digit first (no dot-file, which a listing skips, no leading dash), then letters, digits,
 * {@code .}, {@code _} and {@code -}, 128 characters in all. The control plane's ids are UUIDs with suffixes:
 * {@code <uuid>-<n>} per host, {@code <uuid>-<n>-stop}.
 */
public final class CommandIds {
    public static final String PATTERN = "[A-Za-z0-9][A-Za-z0-9._-]{0,127}";
    private static final Pattern COMPILED = Pattern.compile(PATTERN);

    private CommandIds() {
    }

    public static boolean isValid(String id) {
        return id != null && COMPILED.matcher(id).matches();
    }

    /** Null when {@code id} is a valid command id; otherwise why not, naming {@code what} it is. */
    public static String problem(String what, String id) {
        return isValid(id) ? null : what + " must match " + PATTERN;
    }
}
