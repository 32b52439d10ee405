package dev.tcpfleet.controlplane.enrolment;

import dev.tcpfleet.controlplane.messaging.StoreRetry;

/** A host's message that authentication refused; its message is the dead letter's reason. */
public final class RefusedMessage extends StoreRetry.Refused {
    private final Refusal refusal;

    RefusedMessage(Refusal refusal, String detail) {
        super(refusal.word(), "refused, " + refusal.word() + ": " + detail, null);
        this.refusal = refusal;
    }

    public Refusal refusal() {
        return refusal;
    }
}
