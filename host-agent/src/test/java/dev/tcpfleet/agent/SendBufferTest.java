package dev.tcpfleet.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SendBufferTest {
    private final SendBuffer<Integer> buffer = new SendBuffer<>(3);
    private final List<Integer> dropped = new ArrayList<>();

    private void add(int... messages) {
        for (int message : messages) {
            buffer.add(message).ifPresent(dropped::add);
        }
    }

    private List<Integer> sendAll() {
        List<Integer> sent = new ArrayList<>();
        for (Optional<Integer> next = buffer.startSending(); next.isPresent(); next = buffer.startSending()) {
            sent.add(next.get());
            buffer.sent();
        }
        return sent;
    }

    @Test
    void whenFullTheOldestIsDroppedAndTheRestSentOldestFirst() {
        add(1, 2, 3, 4, 5);

        assertEquals(List.of(1, 2), dropped);
        assertEquals(3, buffer.size());
        assertEquals(List.of(3, 4, 5), sendAll());
        assertEquals(0, buffer.size());
    }

    @Test
    void oneIsSentAtATimeAndAFailedOneGoesBackToTheHead() {
        add(1, 2);
        assertEquals(Optional.of(1), buffer.startSending());
        assertEquals(Optional.empty(), buffer.startSending(), "1 is on its way");

        assertEquals(Optional.empty(), buffer.failed());

        assertEquals(List.of(1, 2), sendAll());
    }

    @Test
    void theOneBeingSentIsNotDroppedButIsTheFirstToGoIfItFails() {
        add(1);
        buffer.startSending();
        add(2, 3, 4);
        assertEquals(List.of(), dropped, "three wait beside the one being sent");
        assertEquals(4, buffer.size());
        add(5);
        assertEquals(List.of(2), dropped, "the producer cannot give 1 back, so the oldest waiting goes");

        buffer.failed().ifPresent(dropped::add);

        assertEquals(List.of(2, 1), dropped);
        assertEquals(List.of(3, 4, 5), sendAll());
    }

    @Test
    void anAcknowledgedOneIsGone() {
        add(1, 2);
        buffer.startSending();
        buffer.sent();

        assertEquals(Optional.empty(), buffer.failed(), "nothing was being sent");
        assertEquals(List.of(2), sendAll());
    }

    @Test
    void holdsAtLeastOne() {
        assertThrows(IllegalArgumentException.class, () -> new SendBuffer<>(0));
    }
}
