package dev.tcpfleet.domain.profiles;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tcpfleet.domain.sysctl.SysctlCatalogue;
import dev.tcpfleet.domain.sysctl.SysctlSpec;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Settings arrive from operators and over Kafka: whatever they hold, validation answers and never throws. */
class ProfileValidatorRobustnessTest {

    private static final List<String> FRAGMENTS = List.of(
            "net.", "ipv4.", "core.", "conf.", "all.", "tcp_", "rmem", "kernel.", "/", ".", "..", "-", "_", " ", "\t",
            "\n", ";", "$(", "`", "|", "&", "\"", "'", "\\", "\u0000", "é", "\u00a0", "\u2028", "😀", "0", "1", "-1",
            "4096", "65535", "99999999999999999999", "bbr", "cubic", "Cubic");
    private static final List<String> KEYS = SysctlCatalogue.all().stream().map(SysctlSpec::key).toList();
    private static final List<Set<String>> HOSTS = Arrays.asList(null, Set.of(), Set.of("reno", "cubic"));

    private final Random random = new Random(20240611);

    @Test
    void garbageNeverThrowsAndEveryViolationNamesAGivenKey() {
        for (int round = 0; round < 5000; round++) {
            Map<String, String> settings = new HashMap<>();
            int entries = random.nextInt(5);
            for (int i = 0; i < entries; i++) {
                settings.put(random.nextBoolean() ? pick(KEYS) : garbage(), random.nextInt(20) == 0 ? null : garbage());
            }
            List<Violation> violations = ProfileValidator.validate(settings, pick(HOSTS));

            violations.forEach(violation -> {
                assertFalse(violation.reason().isBlank(), violation.toString());
                assertTrue(settings.containsKey(violation.key()) || settings.isEmpty(), violation.toString());
            });
            assertEquals(violations.stream().map(Violation::key).sorted().distinct().toList(),
                    violations.stream().map(Violation::key).toList(), "one violation per key, in key order");
            if (violations.isEmpty()) {
                settings.forEach((key, value) -> {
                    assertTrue(SysctlCatalogue.find(key).isPresent(), key);
                    assertTrue(ProfileValidator.normalise(value).matches("[A-Za-z0-9 _.-]+"), value);
                });
            }
        }
    }

    private String garbage() {
        StringBuilder text = new StringBuilder();
        int parts = random.nextInt(6);
        for (int i = 0; i < parts; i++) {
            text.append(random.nextInt(4) == 0 ? (char) random.nextInt(0x3000) : pick(FRAGMENTS));
        }
        return text.toString();
    }

    private <T> T pick(List<T> choices) {
        return choices.get(random.nextInt(choices.size()));
    }
}
