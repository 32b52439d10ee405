package dev.tcpfleet.domain.findings;

import dev.tcpfleet.domain.profiles.ProfileValidator;
import dev.tcpfleet.protocol.HostSnapshot;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;

/** Numbers as findings print them, and the sysctl values they quote. */
final class Figures {
    private Figures() {
    }

    static String percent(double share) {
        return String.format(Locale.ROOT, "%.1f%%", share * 100);
    }

    static String rate(double perSecond) {
        return String.format(Locale.ROOT, "%.1f/s", perSecond);
    }

    /** The sysctl's current value with its whitespace (tabs in ip_local_port_range) made single spaces. */
    static Optional<String> sysctl(HostSnapshot snapshot, String key) {
        return Optional.ofNullable(snapshot.sysctls().get(key)).map(ProfileValidator::normalise);
    }

    /** {@code key=value} when the snapshot has the value, else the bare key. */
    static String quote(HostSnapshot snapshot, String key) {
        return sysctl(snapshot, key).map(value -> key + "=" + value).orElse(key);
    }

    static OptionalLong sysctlNumber(HostSnapshot snapshot, String key) {
        try {
            return sysctl(snapshot, key).map(value -> OptionalLong.of(Long.parseLong(value)))
                    .orElse(OptionalLong.empty());
        } catch (NumberFormatException notANumber) {
            return OptionalLong.empty();
        }
    }
}
