package dev.tcpfleet.domain.alerts;

/** A rule whose parts do not fit together; {@code field} names the part at fault as the rules API calls it. */
public final class InvalidAlertRuleException extends IllegalArgumentException {
    private final String field;

    public InvalidAlertRuleException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
