package dev.tcpfleet.agent;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/**
 * Messages waiting for the broker, oldest first: at most {@code capacity} waiting, plus the one handed to the
 * producer. When full, the oldest waiting one is dropped, since a recent picture of the host is worth more than an
 * old one. A message already handed to the producer cannot be withdrawn: it stays out of the count until its send
 * ends, then is either done or, failed, back at the head (and dropped first if the buffer filled meanwhile).
 * One at a time keeps the order: the next is sent only once the one before it was acknowledged.
 */
public final class SendBuffer<T> {
    private final int capacity;
    private final Deque<T> waiting = new ArrayDeque<>();
    private T sending;

    public SendBuffer(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("a send buffer holds at least one message, not " + capacity);
        }
        this.capacity = capacity;
    }

    /** Queues {@code message} behind the others; returns the oldest waiting one if it had to make room. */
    public synchronized Optional<T> add(T message) {
        waiting.addLast(message);
        return overflow();
    }

    /** The oldest waiting message, now being sent; empty while another is being sent or none waits. */
    public synchronized Optional<T> startSending() {
        if (sending != null || waiting.isEmpty()) {
            return Optional.empty();
        }
        sending = waiting.pollFirst();
        return Optional.of(sending);
    }

    /** The message being sent was acknowledged. */
    public synchronized void sent() {
        sending = null;
    }

    /** The message being sent failed: it goes back to the head; returns the oldest if that overflowed. */
    public synchronized Optional<T> failed() {
        if (sending != null) {
            waiting.addFirst(sending);
            sending = null;
        }
        return overflow();
    }

    /** Waiting messages and the one being sent. */
    public synchronized int size() {
        return waiting.size() + (sending == null ? 0 : 1);
    }

    private Optional<T> overflow() {
        return waiting.size() > capacity ? Optional.of(waiting.pollFirst()) : Optional.empty();
    }
}
