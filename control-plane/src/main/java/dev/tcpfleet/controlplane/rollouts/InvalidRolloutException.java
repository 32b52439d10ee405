package dev.tcpfleet.controlplane.rollouts;

import dev.tcpfleet.controlplane.errors.Refused;

/** A rollout parameter the pure model refuses, naming the request field at fault. */
public class InvalidRolloutException extends Refused.Invalid {
    public InvalidRolloutException(String field, String message) {
        super(field, message);
    }
}
