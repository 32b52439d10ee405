package dev.tcpfleet.protocol;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Who sent a message.
 *
 * @param hostId       stable across restarts and renames; the Kafka key of everything the host sends
 * @param hostname     what the host calls itself now
 * @param labels       operator-given labels used by selectors (e.g. env=prod, role=api)
 * @param agentVersion the host-agent build that collected the data
 */
public record HostIdentity(String hostId, String hostname, Map<String, String> labels, String agentVersion) {
    /** Every host id: what an agent may take as its id, and what the control plane accepts as one. */
    public static final Pattern ID_PATTERN = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");

    /** Every label key and value a message may carry: what a selector can name ({@code env=prod}). */
    public static final Pattern LABEL_PATTERN = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9._/-]{0,126}[A-Za-z0-9])?");
    private static final Pattern HOSTNAME = Pattern.compile("[A-Za-z0-9._-]{1,253}");
    private static final Pattern VERSION = Pattern.compile("[\\x21-\\x7e]{1,64}");
    private static final int MAX_LABELS = 64;

    public static boolean isValidId(String id) {
        return id != null && ID_PATTERN.matcher(id).matches();
    }

    /**
     * What is wrong with an identity that came over the wire, if anything: it is stored, listed and matched by
     * selectors, so a host id, hostname or label that no agent would send (markup, quotes, control characters, a
     * megabyte of text) is refused rather than kept.
     */
    public Optional<String> problem() {
        if (!isValidId(hostId)) {
            return Optional.of("hostId '" + abbreviate(hostId) + "' is not a host id: ids match " + ID_PATTERN);
        }
        if (!HOSTNAME.matcher(hostname).matches()) {
            return Optional.of("hostname '" + abbreviate(hostname) + "' is not 1 to 253 letters, digits and . _ -");
        }
        if (!VERSION.matcher(agentVersion).matches()) {
            return Optional.of("agentVersion is 1 to 64 printable characters without spaces");
        }
        if (labels.size() > MAX_LABELS) {
            return Optional.of("labels: " + labels.size() + " of them, more than " + MAX_LABELS);
        }
        return labels.entrySet().stream()
                .filter(label -> !LABEL_PATTERN.matcher(label.getKey()).matches()
                        || !LABEL_PATTERN.matcher(label.getValue()).matches())
                .findFirst().map(label -> "labels: '" + abbreviate(label.getKey()) + "=" + abbreviate(label.getValue())
                        + "' is not a label: keys and values match " + LABEL_PATTERN);
    }

    /** Caller-sent text in a reason, without a megabyte of it. */
    private static String abbreviate(String text) {
        return text.length() <= 64 ? text : text.substring(0, 64) + "...";
    }

    public HostIdentity {
        Objects.requireNonNull(hostId, "hostId");
        Objects.requireNonNull(hostname, "hostname");
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        Objects.requireNonNull(agentVersion, "agentVersion");
    }
}
