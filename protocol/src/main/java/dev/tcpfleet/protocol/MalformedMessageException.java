package dev.tcpfleet.protocol;

/** A message that is not valid for this contract; the reason goes with it to the dead-letter topic. */
public class MalformedMessageException extends RuntimeException {
    public MalformedMessageException(String reason) {
        super(reason);
    }

    public MalformedMessageException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
