package dev.tcpfleet.controlplane.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.tcpfleet.testing.KafkaBrokerTestResource;
import dev.tcpfleet.testing.PostgresTestResource;
import dev.tcpfleet.testing.RepoPaths;
import dev.tcpfleet.testing.TestDatabase;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * db/schema.sql, the schema to read, is what the Flyway migrations build: pg_dump of this test's database, which
 * the control plane migrated at start. With {@code -Dwrite-schema=true} (bin/dump-schema) it writes the file
 * instead of comparing.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerTestResource.class)
@QuarkusTestResource(PostgresTestResource.class)
class SchemaFileTest {
    private static final String REGENERATE = "bin/dump-schema";
    private static final Path SCHEMA_FILE = Path.of("control-plane/src/main/resources/db/schema.sql");
    private static final int SHOWN_LINES = 20;
    private static final String HEADER = """
            -- The control plane's schema as the Flyway migrations (db/migration) leave it, to read in one place.
            -- Generated, never applied: the migrations remain the source of truth, and SchemaFileTest fails when
            -- this file no longer matches what they build.
            -- Regenerate with: %s
            -- (pg_dump --schema-only --no-owner --no-privileges of a database Flyway built, less pg_dump's comments
            -- and SET lines, Flyway's own history table and the day partitions snapshots_YYYYMMDD made at run time.)
            """.formatted(REGENERATE);

    TestDatabase database;

    @Test
    void schemaFileIsWhatTheMigrationsBuild() throws Exception {
        String dump = pgDump();
        Path file = RepoPaths.root().resolve(SCHEMA_FILE);
        if (Boolean.getBoolean("write-schema")) {
            Files.writeString(file, HEADER + "\n" + tidy(dump));
            return;
        }
        if (!Files.exists(file)) {
            fail(SCHEMA_FILE + " is missing; make it with " + REGENERATE);
        }
        List<String> expected = normalised(dump);
        List<String> actual = normalised(Files.readString(file));
        if (!expected.equals(actual)) {
            fail(SCHEMA_FILE + " no longer matches the schema the migrations build; regenerate it with "
                    + REGENERATE + "\n" + firstDifferences(actual, expected));
        }
    }

    /**
     * The schema as pg_dump gives it, with the dump of the server's own major version (another one words it
     * differently). Left out: Flyway's history table, whose shape is Flyway's and changes with its version, and the
     * day partitions snapshots_YYYYMMDD, which SnapshotPartitions (and V7) make for the days around the current date,
     * so their names and bounds differ from one day to the next; snapshots_default, made by V7, stays.
     */
    private String pgDump() throws IOException, InterruptedException, SQLException {
        int major;
        try (Connection connection = database.connect()) {
            major = connection.getMetaData().getDatabaseMajorVersion();
        }
        Path versioned = Path.of("/usr/lib/postgresql/" + major + "/bin/pg_dump");
        String pgDump = Files.isExecutable(versioned) ? versioned.toString() : "pg_dump";
        String version = run(List.of(pgDump, "--version"), null);
        if (!version.matches("(?s)pg_dump \\(PostgreSQL\\) " + major + "\\b.*")) {
            fail("the server is PostgreSQL " + major + " but the pg_dump found is " + version.strip()
                    + "; install its client tools (" + versioned + ")");
        }
        Path out = Files.createTempFile("tcpfleet-schema", ".sql");
        try {
            String url = database.jdbcUrl().substring("jdbc:".length()).replaceFirst("\\?.*", "");
            run(List.of(pgDump, "--schema-only", "--no-owner", "--no-privileges",
                    "--exclude-table=public.flyway_schema_history",
                    "--exclude-table=public.snapshots_" + "[0-9]".repeat(8),
                    "--username=" + database.user(), "--file=" + out, "--dbname=" + url), database.password());
            return Files.readString(out);
        } finally {
            Files.deleteIfExists(out);
        }
    }

    /** Runs a command to its end; returns what it printed, or fails with it. */
    private static String run(List<String> command, String password) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        if (password != null && !password.isEmpty()) {
            builder.environment().put("PGPASSWORD", password);
        }
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), () -> String.join(" ", command.subList(0, 2)) + " failed: " + output);
        return output;
    }

    /** Lines that say nothing of the schema, or differ by server, run or client (\restrict's key is random). */
    private static boolean isNoise(String line) {
        return line.startsWith("--") || line.startsWith("SET ") || line.startsWith("SELECT pg_catalog.set_config(")
                || line.startsWith("\\restrict ") || line.startsWith("\\unrestrict ");
    }

    /** What the comparison reads: the statements' lines, without noise, blank lines or trailing white space. */
    private static List<String> normalised(String sql) {
        return sql.lines().map(String::stripTrailing).filter(line -> !line.isEmpty() && !isNoise(line)).toList();
    }

    /** The dump without noise, statements a blank line apart, as schema.sql keeps it. */
    private static String tidy(String dump) {
        List<String> kept = new ArrayList<>();
        for (String line : dump.lines().map(String::stripTrailing).filter(line -> !isNoise(line)).toList()) {
            boolean blank = line.isEmpty();
            if (!blank || (!kept.isEmpty() && !kept.get(kept.size() - 1).isEmpty())) {
                kept.add(line);
            }
        }
        while (!kept.isEmpty() && kept.get(kept.size() - 1).isEmpty()) {
            kept.remove(kept.size() - 1);
        }
        return String.join("\n", kept) + "\n";
    }

    /**
     * A line diff of the normalised texts, the first SHOWN_LINES lines of it: "-" only in schema.sql, "+" only in what
     * the migrations build, each run of changes after the line both have before it. The common start and end are set
     * aside before the longest common subsequence is sought, so a small change costs little however long the schema.
     */
    private static String firstDifferences(List<String> file, List<String> migrations) {
        int start = 0;
        while (start < file.size() && start < migrations.size() && file.get(start).equals(migrations.get(start))) {
            start++;
        }
        int end = 0;
        while (end < file.size() - start && end < migrations.size() - start
                && file.get(file.size() - 1 - end).equals(migrations.get(migrations.size() - 1 - end))) {
            end++;
        }
        List<String> a = file.subList(start, file.size() - end);
        List<String> b = migrations.subList(start, migrations.size() - end);
        int[][] common = new int[a.size() + 1][b.size() + 1]; // common[i][j]: the LCS length of a[i..] and b[j..]
        for (int i = a.size() - 1; i >= 0; i--) {
            for (int j = b.size() - 1; j >= 0; j--) {
                common[i][j] = a.get(i).equals(b.get(j))
                        ? common[i + 1][j + 1] + 1 : Math.max(common[i + 1][j], common[i][j + 1]);
            }
        }
        List<String> diff = new ArrayList<>();
        String before = start == 0 ? "(the start)" : file.get(start - 1);
        boolean inRun = false;
        for (int i = 0, j = 0; i < a.size() || j < b.size(); ) {
            if (i < a.size() && j < b.size() && a.get(i).equals(b.get(j))) {
                before = a.get(i);
                inRun = false;
                i++;
                j++;
                continue;
            }
            if (!inRun) {
                diff.add("  " + before);
                inRun = true;
            }
            diff.add(j == b.size() || (i < a.size() && common[i + 1][j] >= common[i][j + 1])
                    ? "- " + a.get(i++) : "+ " + b.get(j++));
        }
        String more = diff.size() > SHOWN_LINES ? "... " + (diff.size() - SHOWN_LINES) + " more lines\n" : "";
        return "- only in schema.sql, + only in what the migrations build (comments, SET and blank lines left out):\n"
                + diff.stream().limit(SHOWN_LINES).map(line -> line + "\n").collect(Collectors.joining()) + more;
    }
}
