package dev.tcpfleet.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tcpfleet.cli.ApiClient;
import dev.tcpfleet.cli.ApiCommand;
import java.util.Map;
import picocli.CommandLine.Option;

/** A listing the API gives newest first, at most {@code --limit} of it (the API's own default and bound). */
abstract class NewestList extends ApiCommand {
    @Option(names = "--limit", paramLabel = "N", description = "how many, newest first (the API bounds it)")
    Integer limit;

    /** The API path that lists them. */
    abstract String path();

    /** The table a person reads. */
    abstract String table(JsonNode items);

    @Override
    public Map<String, String> flagsByField() {
        return Map.of("limit", "--limit");
    }

    @Override
    public Integer call() {
        String query = ApiClient.query(ApiClient.params("limit", limit == null ? null : limit.toString()));
        session().print(session().api().get(path() + query), this::table);
        return 0;
    }
}
