package dev.tcpfleet.agent.tuning;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * Another process tuning this host, for TuningEngineTest: holds the journal's lock, says LOCKED, and lets go
 * when its stdin closes.
 */
public final class JournalLockHolder {
    private JournalLockHolder() {
    }

    public static void main(String[] args) {
        new TuningJournal(Path.of(args[0])).locked(() -> {
            System.out.println("LOCKED");
            System.out.flush();
            try {
                while (System.in.read() >= 0) {
                    // held until the test closes our stdin
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return null;
        });
    }
}
