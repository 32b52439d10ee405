package dev.tcpfleet.cli;

import java.util.Map;

/**
 * A command's end other than success: the message for stderr and the exit code from {@link ExitCodes}; for an API
 * refusal, also the request field it named, which the command translates back to the flag the person typed.
 */
public final class CliException extends RuntimeException {
    private final int exitCode;
    private final String field;

    public CliException(int exitCode, String message) {
        this(exitCode, message, null);
    }

    public CliException(int exitCode, String message, String field) {
        super(message);
        this.exitCode = exitCode;
        this.field = field;
    }

    public int exitCode() {
        return exitCode;
    }

    /** The API's field, or null. */
    public String field() {
        return field;
    }

    /**
     * The message, naming the flag behind the API's field where {@code flagsByField} knows it; an item of a list
     * ({@code hosts[2]}, {@code selector.hosts[0]}) is named by its list's flag.
     */
    public String message(Map<String, String> flagsByField) {
        if (field == null) {
            return getMessage();
        }
        String list = field.replaceAll("\\[\\d+]", "");
        String flag = flagsByField.getOrDefault(field, flagsByField.getOrDefault(list,
                flagsByField.get(list.substring(list.lastIndexOf('.') + 1))));
        return getMessage() + (flag == null ? " (field: " + field + ")" : " (" + flag + ")");
    }
}
