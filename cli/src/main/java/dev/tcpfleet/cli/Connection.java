package dev.tcpfleet.cli;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where the API is and which token to send, each taken from the first place that has it: the flag, the
 * environment ({@code TCPFLEET_API}, {@code TCPFLEET_TOKEN}), then the config file ({@code TCPFLEET_CONFIG}, else
 * {@code ~/.config/tcpfleet/config}: {@code key = value} lines, keys {@code api} and {@code token}).
 */
public record Connection(String api, String token) {
    public static final String DEFAULT_API = "http://localhost:8080";
    private static final List<String> KEYS = List.of("api", "token");

    /**
     * @param env  the environment
     * @param home the user's home folder, where the default config file is looked for
     */
    public static Connection resolve(String apiFlag, String tokenFlag, Map<String, String> env, Path home) {
        String configured = env.get("TCPFLEET_CONFIG");
        Path file = configured != null ? Path.of(configured) : home.resolve(".config/tcpfleet/config");
        if (configured != null && !Files.isRegularFile(file)) {
            throw new CliException(ExitCodes.USAGE, "TCPFLEET_CONFIG names " + file + ", which is no file");
        }
        Map<String, String> fromFile = Files.isRegularFile(file) ? read(file) : Map.of();
        String api = first(apiFlag, env.get("TCPFLEET_API"), fromFile.get("api"), DEFAULT_API);
        String token = first(tokenFlag, env.get("TCPFLEET_TOKEN"), fromFile.get("token"));
        if (token == null) {
            throw new CliException(ExitCodes.USAGE, "no API token: give --token, set TCPFLEET_TOKEN, or put"
                    + " `token = ...` in " + file);
        }
        if (first(tokenFlag, env.get("TCPFLEET_TOKEN")) == null) {
            refuseIfOthersRead(file);
        }
        return new Connection(url(api), token);
    }

    /** The API's URL: {@code host:port} as people type it means {@code http://host:port}; anything else unusable
     * is one line naming the setting, not the HTTP client's exception. */
    static String url(String api) {
        String withScheme = (api.contains("://") ? api : "http://" + api).replaceAll("/+$", "");
        try {
            URI uri = new URI(withScheme);
            if ((uri.getScheme().equals("http") || uri.getScheme().equals("https")) && uri.getHost() != null
                    && uri.getRawQuery() == null && uri.getRawFragment() == null) {
                return withScheme;
            }
        } catch (URISyntaxException e) {
            // refused below, in the same words
        }
        throw new CliException(ExitCodes.USAGE, "--api (or TCPFLEET_API, or api = in the config file): '" + api
                + "' is not an address such as http://localhost:8080 or localhost:8080");
    }

    /** The file's settings; a line that is no {@code key = value} of a known key is an error naming it. */
    static Map<String, String> read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new CliException(ExitCodes.USAGE, "cannot read " + file + ": " + e.getMessage());
        }
        Map<String, String> settings = new HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int equals = line.indexOf('=');
            String key = equals < 0 ? line : line.substring(0, equals).strip();
            if (equals < 0 || !KEYS.contains(key)) {
                throw new CliException(ExitCodes.USAGE, file + " line " + (i + 1) + ": expected `api = URL` or"
                        + " `token = SECRET`");
            }
            settings.put(key, line.substring(equals + 1).strip());
        }
        return settings;
    }

    /** As ssh does with keys: a token others can read is no secret, so it is not used. */
    private static void refuseIfOthersRead(Path file) {
        Set<PosixFilePermission> permissions;
        try {
            permissions = Files.getPosixFilePermissions(file);
        } catch (UnsupportedOperationException | IOException e) {
            return;
        }
        if (permissions.contains(PosixFilePermission.GROUP_READ)
                || permissions.contains(PosixFilePermission.OTHERS_READ)) {
            throw new CliException(ExitCodes.USAGE, file + " holds a token and others may read it: chmod 600 "
                    + file);
        }
    }

    private static String first(String... values) {
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                return value.strip();
            }
        }
        return null;
    }
}
