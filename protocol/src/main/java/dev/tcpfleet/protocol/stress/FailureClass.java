package dev.tcpfleet.protocol.stress;

/** Why a test connection failed, in the classes an operator acts on differently. */
public enum FailureClass {
    /** The target answered the SYN with a RST: nothing listens there, or a firewall rejects. */
    REFUSED,
    /** No answer within the connect timeout (or the exchange did not finish within it): drops, full queues. */
    TIMEOUT,
    /** The peer reset an established connection: a server or middlebox dropping it under load. */
    RESET,
    /** No route to the target's host or network. */
    UNREACHABLE,
    /** Anything else, e.g. this host out of ephemeral ports or file descriptors. */
    OTHER
}
