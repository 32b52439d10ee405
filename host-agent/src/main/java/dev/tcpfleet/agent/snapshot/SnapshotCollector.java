package dev.tcpfleet.agent.snapshot;

import dev.tcpfleet.agent.procfs.ProcFs;
import dev.tcpfleet.agent.procfs.TcpTableParser;
import dev.tcpfleet.protocol.HostIdentity;
import dev.tcpfleet.protocol.HostSnapshot;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/** Takes one snapshot of this host from /proc. Plain code: the same for the daemon and for {@code analyze}. */
public final class SnapshotCollector {
    private static final String[] TCP_TABLES = {"net/tcp", "net/tcp6"};

    private final ProcFs procFs;
    private final HostIdentity identity;
    private final Clock clock;
    private final TcpTableParser parser = new TcpTableParser();

    public SnapshotCollector(ProcFs procFs, HostIdentity identity, Clock clock) {
        this.procFs = procFs;
        this.identity = identity;
        this.clock = clock;
    }

    /** Not thread-safe: one collection at a time (the parser's buffers are reused). */
    public HostSnapshot collect() {
        Instant collectedAt = clock.instant().truncatedTo(ChronoUnit.MICROS);
        long started = System.nanoTime();
        TcpStateCounter states = new TcpStateCounter();
        for (String table : TCP_TABLES) {
            try {
                Optional<InputStream> in = procFs.open(table);
                if (in.isPresent()) {
                    try (InputStream stream = in.get()) {
                        parser.parse(stream, states);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + procFs.root().resolve(table), e);
            }
        }
        long micros = (System.nanoTime() - started) / 1_000;
        return HostSnapshot.ofStates(identity, collectedAt, micros, states.counts());
    }
}
