package dev.tcpfleet.controlplane.sql;

import dev.tcpfleet.testing.TestDatabase;
import org.flywaydb.core.Flyway;

/** Flyway as the control plane runs it at start, for the tests of one migration's effect on rows written before it. */
public final class Migrations {
    private Migrations() {
    }

    /** Migrates {@code database} up to {@code target} (null: every migration). */
    public static void migrate(TestDatabase database, String target) {
        var configuration = Flyway.configure().dataSource(database.jdbcUrl(), database.user(), database.password())
                .locations("classpath:db/migration");
        if (target != null) {
            configuration.target(target);
        }
        configuration.load().migrate();
    }
}
