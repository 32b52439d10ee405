package dev.tcpfleet.domain.lb;

/** Milliseconds as both HAProxy and nginx read them: whole seconds as {@code 5s}, the rest as {@code 1500ms}. */
final class Durations {
    private Durations() {
    }

    static String of(int millis) {
        return millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms";
    }
}
