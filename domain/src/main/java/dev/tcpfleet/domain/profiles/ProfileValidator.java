package dev.tcpfleet.domain.profiles;

import dev.tcpfleet.domain.sysctl.SysctlCatalogue;
import dev.tcpfleet.domain.sysctl.SysctlSpec;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Whether a profile's settings may be applied: the control plane asks when a profile is created, without a host,
 * and the agent again before it writes, with the host's congestion control algorithms. Each key gets at most one
 * violation, the first rule it breaks, so the reason is the one that matters.
 */
public final class ProfileValidator {

    public static final int MAX_VALUE_LENGTH = 256;

    // Dotted names of lowercase letters, digits, _ and -; a '/' stands for a '.' inside one name, as in sysctl(8).
    private static final Pattern KEY =
            Pattern.compile("[a-z0-9_-]+(?:/[a-z0-9_-]+)*(?:\\.[a-z0-9_-]+(?:/[a-z0-9_-]+)*)+");
    private static final Pattern DATA = Pattern.compile("[A-Za-z0-9 _.-]*");
    // as the kernel prints them: a read-back of "08192" would be "8192" and fail verification on every host
    private static final Pattern INTEGER = Pattern.compile("0|-?[1-9][0-9]*");
    private static final Pattern ALGORITHM = Pattern.compile("[a-z0-9_]+");
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    private static final Map<String, String> REMOVED = Map.of(
            "net.ipv4.tcp_tw_recycle", "removed in Linux 4.12: it broke clients behind NAT; use tcp_tw_reuse");

    private record Breaker(Pattern keys, String reason) {
        Breaker(String keys, String reason) {
            this(Pattern.compile(keys), "would change routing / container networking: " + reason);
        }
    }

    private static final List<Breaker> BREAKERS = List.of(
            new Breaker("net\\.ipv4\\.ip_forward|net\\.ipv[46]\\.conf\\.[^.]+\\.forwarding",
                    "routers, Kubernetes nodes and Docker hosts forward packets between interfaces"),
            new Breaker("net\\.ipv4\\.conf\\.[^.]+\\.rp_filter",
                    "reverse-path filtering drops asymmetric routes and pod traffic"),
            new Breaker("net\\.ipv[46]\\.conf\\.[^.]+\\.(?:accept|send)_redirects",
                    "ICMP redirects rewrite the host's routes"),
            new Breaker("net\\.bridge\\..+", "bridge netfilter carries container and pod traffic"),
            new Breaker("net\\.netfilter\\..+", "connection tracking backs NAT and the firewall"));

    private record Harm(String key, String value, String reason) {
    }

    private static final List<Harm> HARMFUL = List.of(
            new Harm(SysctlCatalogue.TCP_TIMESTAMPS, "0",
                    "disables PAWS and RTT measurement; tcp_tw_reuse needs timestamps"),
            new Harm(SysctlCatalogue.TCP_SACK, "0",
                    "without selective acknowledgements a window with several losses takes a round trip per loss"),
            new Harm(SysctlCatalogue.TCP_SYNCOOKIES, "0", "turns off the SYN-flood defence"));

    /** How a numeric value is written: its fields, and whether each must exceed the one before or may equal it. */
    private record Shape(String description, List<String> fields, boolean strictlyRising) {
    }

    private static final Shape ONE_INTEGER = new Shape("an integer", List.of("value"), false);
    private static final Shape TRIPLE = new Shape("three integers \"min default max\"",
            List.of("min", "default", "max"), false);
    private static final Shape PORT_RANGE = new Shape("two ports \"low high\"", List.of("low", "high"), true);

    private ProfileValidator() {
    }

    /**
     * The settings' violations in key order; none means the settings may be applied.
     *
     * @param availableCongestionControl the algorithms the host lists, or null when there is no host to ask
     */
    public static List<Violation> validate(Map<String, String> settings, Set<String> availableCongestionControl) {
        if (settings == null || settings.isEmpty()) {
            return List.of(new Violation(Violation.WHOLE_PROFILE, "a profile must set at least one key"));
        }
        List<Violation> violations = new ArrayList<>();
        settings.forEach((key, value) -> problem(key, value, availableCongestionControl)
                .ifPresent(reason -> violations.add(new Violation(key == null ? "" : key, reason))));
        violations.sort(Comparator.comparing(Violation::key));
        return List.copyOf(violations);
    }

    /** The value with its whitespace made single spaces and trimmed, as the kernel prints it (tcp_rmem's tabs). */
    public static String normalise(String value) {
        return WHITESPACE.matcher(value.strip()).replaceAll(" ");
    }

    private static Optional<String> problem(String key, String rawValue, Set<String> available) {
        if (key == null || key.isBlank()) {
            return Optional.of("a key must not be blank");
        }
        if (!KEY.matcher(key).matches()) {
            return Optional.of("not a sysctl name: dotted lowercase letters, digits and _ - / only");
        }
        if (REMOVED.containsKey(key)) {
            return Optional.of(REMOVED.get(key));
        }
        if (!key.startsWith("net.")) {
            return Optional.of("outside TCP tuning scope: tcpfleet manages net.* keys only");
        }
        Optional<String> breaks = BREAKERS.stream().filter(breaker -> breaker.keys().matcher(key).matches())
                .map(Breaker::reason).findFirst();
        if (breaks.isPresent()) {
            return breaks;
        }
        Optional<SysctlSpec> spec = SysctlCatalogue.find(key);
        if (spec.isEmpty()) {
            return Optional.of("not in tcpfleet's catalogue of tunable keys");
        }
        if (rawValue == null || rawValue.isBlank()) {
            return Optional.of("a value is required");
        }
        String value = normalise(rawValue);
        if (value.length() > MAX_VALUE_LENGTH) {
            return Optional.of("values are data: at most " + MAX_VALUE_LENGTH + " characters");
        }
        if (!DATA.matcher(value).matches()) {
            return Optional.of("values are data: only letters, digits, spaces and _ . - are allowed");
        }
        Optional<String> wrongType = switch (spec.get().type()) {
            case INTEGER, BOOLEAN, ENUM -> numbersProblem(spec.get(), value, ONE_INTEGER);
            case TRIPLE -> numbersProblem(spec.get(), value, TRIPLE);
            case PORT_RANGE -> numbersProblem(spec.get(), value, PORT_RANGE);
            case CONGESTION_CONTROL -> congestionControlProblem(value, available);
        };
        if (wrongType.isPresent()) {
            return wrongType;
        }
        return HARMFUL.stream().filter(harm -> harm.key().equals(key) && harm.value().equals(value))
                .map(harm -> harm.value() + " is harmful: " + harm.reason()).findFirst();
    }

    private static Optional<String> numbersProblem(SysctlSpec spec, String value, Shape shape) {
        String[] fields = value.split(" ");
        if (fields.length != shape.fields().size()
                || !Arrays.stream(fields).allMatch(field -> INTEGER.matcher(field).matches())) {
            return Optional.of("must be " + shape.description() + ", not \"" + value + "\"");
        }
        BigInteger min = BigInteger.valueOf(spec.min());
        BigInteger max = BigInteger.valueOf(spec.max());
        for (int i = 0; i < fields.length; i++) {
            BigInteger number = new BigInteger(fields[i]);
            if (number.compareTo(min) < 0 || number.compareTo(max) > 0) {
                String field = fields.length == 1 ? "" : shape.fields().get(i) + " ";
                return Optional.of(field + "must be between " + min + " and " + max + ", not " + number);
            }
        }
        for (int i = 1; i < fields.length; i++) {
            // Within bounds, so every field fits a long.
            long before = Long.parseLong(fields[i - 1]);
            long after = Long.parseLong(fields[i]);
            String first = shape.fields().get(i - 1) + " " + before;
            String second = shape.fields().get(i) + " " + after;
            if (shape.strictlyRising() && before >= after) {
                return Optional.of(first + " must be below " + second);
            }
            if (before > after) {
                return Optional.of(first + " > " + second);
            }
        }
        return Optional.empty();
    }

    private static Optional<String> congestionControlProblem(String value, Set<String> available) {
        if (!ALGORITHM.matcher(value).matches()) {
            return Optional.of("must be the name of a congestion control algorithm such as cubic or bbr, not \""
                    + value + "\"");
        }
        if (available != null && !available.contains(value)) {
            String listed = available.isEmpty() ? "none" : String.join(" ", new TreeSet<>(available));
            return Optional.of(value + " is not available on this host (available: " + listed + "); load tcp_"
                    + value + " first");
        }
        return Optional.empty();
    }
}
