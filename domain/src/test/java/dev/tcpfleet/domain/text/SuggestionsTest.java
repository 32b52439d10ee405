package dev.tcpfleet.domain.text;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SuggestionsTest {
    private static final List<String> PROFILES = List.of("web-tuning", "db-tuning", "default", "lb");

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "none", value = {
            "web-tunning | web-tuning",   // a letter doubled
            "web-tuing   | web-tuning",   // a letter dropped
            "wbe-tuning  | web-tuning",   // two letters swapped
            "db-tuning   | db-tuning",    // exact
            "defualt     | default",
            "lbb         | lb",
            "kafka       | none",         // nothing near: no guess
            "x           | none"
    })
    void suggestsOnlyANameNearEnoughToBeATypo(String typed, String expected) {
        assertEquals(Optional.ofNullable(expected), Suggestions.closest(typed, PROFILES));
    }

    /** A name cut short or part of a longer one is no typo by distance, yet the meaning is plain. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "none", value = {
            "cooldown | cooldownSeconds",  // the start of a name
            "COOLDOWN | cooldownSeconds",  // whatever the case
            "seconds  | bakeSeconds",      // part of two: the shorter
            "mode     | mode",             // exact
            "bake     | bakeSeconds",
            "ke       | none",             // too short to point at one
            "settings | none"
    })
    void suggestsANameTheTypedOneStartsOrIsPartOf(String typed, String expected) {
        assertEquals(Optional.ofNullable(expected), Suggestions.closest(typed,
                List.of("cooldownSeconds", "bakeSeconds", "mode", "alertRule")));
    }

    @ParameterizedTest
    @CsvSource({"kitten, sitting, 3", "abc, abc, 0", "ab, ba, 1", "'', abc, 3"})
    void distanceCountsEdits(String a, String b, int distance) {
        assertEquals(distance, Suggestions.distance(a, b));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "web-tunning | ; did you mean 'web-tuning'?",
            "kafka       | ''"
    })
    void didYouMeanIsAClauseOrNothing(String typed, String clause) {
        assertEquals(clause, Suggestions.didYouMean(typed, PROFILES));
    }
}
