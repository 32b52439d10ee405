package dev.tcpfleet.controlplane;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

@ConfigMapping(prefix = "tcpfleet")
public interface ControlPlaneConfig {

    SnapshotQuery snapshotQuery();

    /** Bounds on raw snapshot queries, so one request cannot pull a month of rows. */
    interface SnapshotQuery {
        /** The window when a request gives no {@code from}. */
        @WithDefault("1h")
        Duration defaultRange();

        @WithDefault("31d")
        Duration maxRange();

        @WithDefault("500")
        int defaultLimit();

        @WithDefault("5000")
        int maxLimit();
    }

    /** How long a failed write of a snapshot waits before the next try (the partition waits with it). */
    @WithDefault("5s")
    Duration ingestMaxBackoff();
}
