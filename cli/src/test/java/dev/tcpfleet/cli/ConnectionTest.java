package dev.tcpfleet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ConnectionTest {
    @TempDir
    Path home;

    private Path config(String text, String permissions) throws IOException {
        Path file = Files.createDirectories(home.resolve(".config/tcpfleet")).resolve("config");
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(permissions));
        return file;
    }

    @Test
    void flagsWinOverTheEnvironmentWhichWinsOverTheFile() throws IOException {
        config("# mine\napi = http://file:1\ntoken = tf_file\n", "rw-------");
        Map<String, String> env = Map.of("TCPFLEET_API", "http://env:2", "TCPFLEET_TOKEN", "tf_env");

        assertEquals(new Connection("http://flag:3", "tf_flag"),
                Connection.resolve("http://flag:3", "tf_flag", env, home));
        assertEquals(new Connection("http://env:2", "tf_env"), Connection.resolve(null, null, env, home));
        assertEquals(new Connection("http://file:1", "tf_file"), Connection.resolve(null, null, Map.of(), home));
        assertEquals(new Connection("http://flag:3", "tf_env"),
                Connection.resolve("http://flag:3/", null, env, home), "a trailing slash is dropped");
    }

    @Test
    void tcpfleetConfigNamesAnotherFileAndTheApiHasADefault() throws IOException {
        Path other = Files.writeString(home.resolve("ci.conf"), "token = tf_ci\n");
        Files.setPosixFilePermissions(other, PosixFilePermissions.fromString("rw-------"));
        assertEquals(new Connection(Connection.DEFAULT_API, "tf_ci"),
                Connection.resolve(null, null, Map.of("TCPFLEET_CONFIG", other.toString()), home));

        CliException missing = assertThrows(CliException.class, () -> Connection.resolve(null, null,
                Map.of("TCPFLEET_CONFIG", home.resolve("absent").toString()), home));
        assertEquals(ExitCodes.USAGE, missing.exitCode());
    }

    @Test
    void noTokenAnywhereIsAUsageError() {
        CliException none = assertThrows(CliException.class, () -> Connection.resolve(null, null, Map.of(), home));
        assertEquals(ExitCodes.USAGE, none.exitCode());
        assertTrue(none.getMessage().contains("TCPFLEET_TOKEN"), none.getMessage());
    }

    @Test
    void aTokenOthersCanReadIsRefusedUnlessAnotherIsGiven() throws IOException {
        Path file = config("token = tf_file\n", "rw-r--r--");
        CliException refused = assertThrows(CliException.class,
                () -> Connection.resolve(null, null, Map.of(), home));
        assertEquals(ExitCodes.USAGE, refused.exitCode());
        assertTrue(refused.getMessage().contains("chmod 600 " + file), refused.getMessage());

        assertEquals("tf_flag", Connection.resolve(null, "tf_flag", Map.of(), home).token());
    }

    @Test
    void aLineThatIsNoSettingNamesItsLine() throws IOException {
        config("api = http://file:1\nendpoint: nowhere\n", "rw-------");
        CliException bad = assertThrows(CliException.class, () -> Connection.resolve(null, "t", Map.of(), home));
        assertTrue(bad.getMessage().endsWith("line 2: expected `api = URL` or `token = SECRET`"), bad.getMessage());
    }

    @ParameterizedTest
    @CsvSource({
            "localhost:18080, http://localhost:18080",
            "http://localhost:18080/, http://localhost:18080",
            "https://tcpfleet.example, https://tcpfleet.example",
            "10.0.0.5:8080, http://10.0.0.5:8080"})
    void anAddressWithoutASchemeIsHttp(String typed, String url) {
        assertEquals(url, Connection.url(typed));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://host:21", "http://", "local host:80", "http://h?x=1"})
    void anUnusableAddressIsOneLineNamingTheSetting(String typed) {
        CliException bad = assertThrows(CliException.class, () -> Connection.url(typed));
        assertEquals(ExitCodes.USAGE, bad.exitCode());
        assertEquals("--api (or TCPFLEET_API, or api = in the config file): '" + typed
                + "' is not an address such as http://localhost:8080 or localhost:8080", bad.getMessage());
    }
}
