package dev.tcpfleet.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The control plane's REST API: every call carries the token, and every failure becomes a {@link CliException}
 * with its exit code and the API's own words (the {@code ApiError}'s detail and field).
 */
public final class ApiClient {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final Connection connection;
    private final ObjectMapper mapper;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public ApiClient(Connection connection, ObjectMapper mapper) {
        this.connection = connection;
        this.mapper = mapper;
    }

    /** The body of a GET of {@code path}, which starts with {@code /api}. */
    public String get(String path) {
        return send(request(path).GET());
    }

    /** The body of a POST of {@code body} (turned into JSON unless already a JSON string) to {@code path}. */
    public String post(String path, Object body) {
        return send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json(body))));
    }

    /** The body of a PUT of {@code body} (turned into JSON unless already a JSON string) to {@code path}. */
    public String put(String path, Object body) {
        return send(request(path).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json(body))));
    }

    /** The body of a DELETE of {@code path}, often empty (204). */
    public String delete(String path) {
        return send(request(path).DELETE());
    }

    public JsonNode tree(String body) {
        try {
            return mapper.readTree(body);
        } catch (JsonProcessingException e) {
            throw new CliException(ExitCodes.UNAVAILABLE, "the API answered something that is not JSON: "
                    + e.getOriginalMessage());
        }
    }

    /** A path segment, escaped: ids come from the command line. */
    public static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** {@code ?name=value&...} of the parameters that have a value, or "" when none has. */
    public static String query(Map<String, String> parameters) {
        StringJoiner query = new StringJoiner("&", "?", "").setEmptyValue("");
        parameters.forEach((name, value) -> {
            if (value != null) {
                query.add(name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8));
            }
        });
        return query.toString();
    }

    /** A map of the given name, value pairs in order, for {@link #query}; values may be null. */
    public static Map<String, String> params(String... namesAndValues) {
        Map<String, String> parameters = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            parameters.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return parameters;
    }

    private HttpRequest.Builder request(String path) {
        URI uri;
        try {
            uri = URI.create(connection.api() + path);
        } catch (IllegalArgumentException e) {
            throw new CliException(ExitCodes.USAGE, "not a URL: " + connection.api());
        }
        return HttpRequest.newBuilder(uri).timeout(TIMEOUT).header("Accept", "application/json")
                .header("Authorization", "Bearer " + connection.token());
    }

    private String send(HttpRequest.Builder builder) {
        HttpRequest request = builder.build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            throw new CliException(ExitCodes.UNAVAILABLE, "cannot reach the API at " + connection.api()
                    + ": connection refused");
        } catch (IOException e) {
            throw new CliException(ExitCodes.UNAVAILABLE, "cannot reach the API at " + connection.api() + ": "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(ExitCodes.UNAVAILABLE, "interrupted");
        }
        int status = response.statusCode();
        if (status < 300) {
            return response.body();
        }
        JsonNode error = apiError(response.body());
        String detail = error != null ? error.path("detail").asText()
                : response.body() == null || response.body().isBlank() ? "no details" : response.body().strip();
        throw new CliException(status < 500 ? ExitCodes.REFUSED : ExitCodes.UNAVAILABLE, request.method() + " "
                + request.uri().getPath() + ": HTTP " + status + ": " + detail,
                error == null ? null : error.path("field").asText(null));
    }

    /** The body as an ApiError (with a detail), or null when it is something else, shown raw. */
    private JsonNode apiError(String body) {
        try {
            JsonNode error = body == null ? null : mapper.readTree(body);
            return error != null && error.hasNonNull("detail") ? error : null;
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private String json(Object body) {
        if (body instanceof String text) {
            return text;
        }
        try {
            return mapper.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
