package dev.tcpfleet.agent.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tcpfleet.protocol.ProcessSockets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class CommandLinesTest {
    private static final CommandLines REDACTED = CommandLines.redacted();

    /** argv as /proc/PID/cmdline holds it (here separated by | instead of NUL), and the line that may leave the host. */
    static Stream<Arguments> commandLines() {
        return Stream.of(
                // JVMs: every system property's value, whatever its name
                row("/usr/bin/java|-Xmx256m|-Dtcpfleet.commands.signing-key=MC4CAQAwBQYDK2VwBCIEIKzw|-jar|app.jar",
                        "/usr/bin/java -Xmx256m -Dtcpfleet.commands.signing-key=<redacted> -jar app.jar"),
                row("java|-Dquarkus.http.port=8080|-Dx.signing-key=SOMEVALUE|-XX:+UseSerialGC|-cp|/opt/a.jar:/opt/b.jar|Main",
                        "java -Dquarkus.http.port=<redacted> -Dx.signing-key=<redacted> -XX:+UseSerialGC -cp /opt/a.jar:/opt/b.jar Main"),
                row("java|-javaagent:/opt/apm.jar=token=abc123,service=web|-jar|svc.jar",
                        "java -javaagent:/opt/apm.jar=token=<redacted>,service=web -jar svc.jar"),
                // flags with attached and separate values
                row("./server|--password=hunter2|--port=8080", "./server --password=<redacted> --port=8080"),
                row("./server|--password|hunter2|--verbose", "./server --password <redacted> --verbose"),
                row("./server|--db-password|correct horse battery staple|-v", "./server --db-password <redacted> -v"),
                row("app|--api-key|abc|--client-secret=def|--auth-token|ghi|-passwd|jkl",
                        "app --api-key <redacted> --client-secret=<redacted> --auth-token <redacted> -passwd <redacted>"),
                row("app|--token|--dry-run", "app --token --dry-run"),
                row("app|-p|8080", "app -p 8080"),
                // database clients
                row("postgres|-D|/var/lib/postgresql/15/main", "postgres -D /var/lib/postgresql/15/main"),
                row("postgres: alice shop 10.0.0.7(53422) idle", "postgres: alice shop 10.0.0.7(53422) idle"),
                row("/app/bin/worker|--database-url|postgres://shop:s3cr3t@db.internal:5432/shop?sslmode=require",
                        "/app/bin/worker --database-url postgres://<redacted>@db.internal:5432/shop?sslmode=require"),
                row("worker|--db=postgresql://app:pw@db/app", "worker --db=postgresql://<redacted>@db/app"),
                row("psql|host=db user=app password=s3cr3t dbname=app",
                        "psql host=db user=app password=<redacted> dbname=app"),
                row("mysql|-u|root|-phunter2|shop", "mysql -u root -p<redacted> shop"),
                row("/usr/bin/mysqldump|-u|root|-p|hunter2|shop", "/usr/bin/mysqldump -u root -p <redacted> shop"),
                row("redis-cli|-h|cache|-a|hunter2|monitor", "redis-cli -h cache -a <redacted> monitor"),
                row("sshpass|-p|hunter2|ssh|deploy@web-1", "sshpass -p <redacted> ssh deploy@web-1"),
                row("mongosh|mongodb://admin:hunter2@mongo:27017/admin", "mongosh mongodb://<redacted>@mongo:27017/admin"),
                // HTTP clients: user info, headers, query strings
                row("curl|-u|admin:hunter2|https://api.example.com/", "curl -u <redacted> https://api.example.com/"),
                row("curl|-H|Authorization: Bearer abc.def|https://x.example/?access_token=abc&page=2",
                        "curl -H Authorization: <redacted> https://x.example/?access_token=<redacted>&page=2"),
                row("curl|-H|X-Trace: Bearer abc|https://x.example/", "curl -H X-Trace: Bearer <redacted> https://x.example/"),
                row("wget|--http-password=hunter2|https://u:p@files.example/f",
                        "wget --http-password=<redacted> https://<redacted>@files.example/f"),
                // environment-style assignments and shells
                row("env|FOO_TOKEN=x|AWS_SECRET_ACCESS_KEY=y|LANG=C|./run", "env FOO_TOKEN=<redacted> AWS_SECRET_ACCESS_KEY=<redacted> LANG=C ./run"),
                row("/bin/sh|-c|PGPASSWORD=hunter2 exec mysql -pfoo --password=bar db",
                        "/bin/sh -c PGPASSWORD=<redacted> exec mysql -p<redacted> --password=<redacted> db"),
                row("sudo|mysql|-p|hunter2", "sudo mysql -p <redacted>"),
                // credentials known by their shape, whatever their name
                row("agent|--config|/etc/agent.yml|eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig",
                        "agent --config /etc/agent.yml <redacted>"),
                row("uploader|AKIAIOSFODNN7EXAMPLE|ghp_abcdefghijklmnop1234", "uploader <redacted> <redacted>"),
                row("tcpfleet|hosts|--with|tf_Zm9vYmFyYmF6cXV4MTIzNDU2", "tcpfleet hosts --with <redacted>"),
                row("app|dGhpcyBpcyBhIHNlY3JldCB0b2tlbiAxMjM0NTY3ODk=", "app <redacted>"),
                row("app|--id|123e4567-e89b-12d3-a456-426614174000", "app --id 123e4567-e89b-12d3-a456-426614174000"),
                row("/usr/lib/jvm/java-17-openjdk-amd64/bin/java|-version", "/usr/lib/jvm/java-17-openjdk-amd64/bin/java -version"),
                // what needs no redaction is kept as it was
                row("nginx: worker process", "nginx: worker process"),
                row("/usr/sbin/haproxy|-f|/etc/haproxy/haproxy.cfg|-p|/run/haproxy.pid",
                        "/usr/sbin/haproxy -f /etc/haproxy/haproxy.cfg -p /run/haproxy.pid"),
                row("node|server.js|--port|3000", "node server.js --port 3000"),
                row("", ""));
    }

    private static Arguments row(String argv, String expected) {
        return Arguments.of(argv, expected);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("commandLines")
    void valuesThatLookSecretNeverLeaveTheHost(String argv, String expected) {
        assertEquals(expected, REDACTED.line(arguments(argv)));
    }

    @Test
    void anOperatorsPatternsAddToTheBuiltInOnes() {
        CommandLines extended = CommandLines.of(CommandLines.Mode.REDACTED, List.of("*dsn*", " Sig "));
        assertEquals("app --dsn <redacted> --sig=<redacted> --password=<redacted> --port 1",
                extended.line(arguments("app|--dsn|host=db|--sig=abc|--password=x|--port|1")));
        assertEquals("app --dsn host=db", REDACTED.line(arguments("app|--dsn|host=db")));
    }

    @Test
    void aBlankPatternIsRefusedWithAReason() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> CommandLines.of(CommandLines.Mode.REDACTED, List.of("*dsn*", " ")));
        assertEquals("a redact pattern is blank: name the secret, e.g. *dsn*", refused.getMessage());
    }

    @Test
    void theExecutableModeSendsTheExecutableAlone() {
        CommandLines executable = CommandLines.of(CommandLines.Mode.EXECUTABLE, List.of());
        assertEquals("/usr/bin/java", executable.line(arguments("/usr/bin/java|-Dkey=v|-jar|app.jar")));
        assertEquals("postgres:", executable.line(arguments("postgres: alice shop 10.0.0.7(53422) idle")));
        assertEquals("", executable.line(List.of()));
    }

    @Test
    void theRuntimeIsStillToldFromTheRedactedLine() {
        for (CommandLines.Mode mode : CommandLines.Mode.values()) {
            CommandLines lines = CommandLines.of(mode, List.of());
            assertEquals(ProcessSockets.Runtime.JAVA, ProcessSocketCounter.runtimeOf("java",
                    lines.line(arguments("/usr/lib/jvm/bin/java|-Dtoken=x|-jar|a.jar"))));
            assertEquals(ProcessSockets.Runtime.NODE, ProcessSocketCounter.runtimeOf("MainThread",
                    lines.line(arguments("/usr/local/bin/node|--secret=x|server.js"))));
            assertEquals(ProcessSockets.Runtime.OTHER, ProcessSocketCounter.runtimeOf("nginx",
                    lines.line(arguments("nginx: master process /usr/sbin/nginx"))));
        }
    }

    @Test
    void aLongLineIsCutAfterItsSecretsAreRemoved() {
        String secret = "s".repeat(600);
        String line = REDACTED.line(List.of("app", "--password=" + secret, "x".repeat(600)));
        assertEquals(512, line.length());
        assertEquals("app --password=<redacted> xxx", line.substring(0, 29));
    }

    private static List<String> arguments(String argv) {
        return argv.isEmpty() ? List.of() : List.of(argv.split("\\|", -1));
    }
}
