package dev.tcpfleet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** An API refusal names the flag the person typed, not the request field the CLI mapped it to. */
class CliExceptionTest {
    private static final Map<String, String> FLAGS = Map.of("minutes", "--for", "hosts", "--hosts",
            "selector", "--hosts, --selector or --all");

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "none", value = {
            "minutes           | refused (--for)",
            "hosts[2]          | refused (--hosts)",
            "selector.hosts[0] | refused (--hosts)",
            "selector          | refused (--hosts, --selector or --all)",
            "threshold         | refused (field: threshold)",
            "none              | refused"
    })
    void theFlagBehindTheFieldIsNamed(String field, String message) {
        assertEquals(message, new CliException(ExitCodes.REFUSED, "refused", field).message(FLAGS));
    }
}
