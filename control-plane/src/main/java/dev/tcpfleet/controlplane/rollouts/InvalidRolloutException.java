package dev.tcpfleet.controlplane.rollouts;

/** A rollout parameter the pure model refuses, naming the request field at fault. */
public class InvalidRolloutException extends RuntimeException {
    private final String field;

    public InvalidRolloutException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
