package dev.tcpfleet.domain.lb;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a load balancer in front of a backend set should do, for HAProxy and nginx alike. Every value that reaches a
 * config line is checked here, so no spec that exists can carry a newline, a semicolon, a brace, a hash, a quote or
 * a space into one. Build it with {@link #builder()}: the defaults are the old script's.
 *
 * @param backends                 1 to {@value #MAX_BACKENDS} servers, none twice
 * @param bindAddress              an IPv4 or IPv6 literal the frontend listens on; {@code 0.0.0.0} for every IPv4
 *                                 address
 * @param bindPort                 the frontend's port
 * @param maxconn                  concurrent client connections the balancer accepts
 * @param backlog                  the frontend's listen() backlog; the kernel caps it at {@code net.core.somaxconn}
 * @param connectTimeoutMs         to open a connection to a backend
 * @param clientTimeoutMs          a client may stay silent mid-request or mid-response this long
 * @param serverTimeoutMs          a backend may stay silent this long while it answers
 * @param clientKeepaliveTimeoutMs an idle client connection is kept this long for its next request
 * @param healthPath               the path HAProxy's active check asks every backend for (nginx has no active
 *                                 checks outside nginx Plus: it marks a backend down after failed requests)
 * @param checkIntervalMs          between two active checks of a backend
 * @param checkTimeoutMs           an active check's answer must come within this
 * @param retries                  further attempts after a failed connection, the last one on another backend
 * @param maxFails                 failures that mark a backend down: failed checks (HAProxy), failed requests
 *                                 within {@code failTimeoutMs} (nginx)
 * @param failTimeoutMs            nginx's window for counting failures, and how long the backend then rests
 * @param keepalivePool            idle backend connections kept for reuse: per worker for nginx, per backend for
 *                                 HAProxy; 0 keeps none
 * @param keepaliveRequests        requests over one pooled backend connection before it is closed and renewed
 * @param keepaliveTimeoutMs       an idle pooled backend connection is closed after this
 */
public record LbSpec(
        List<Backend> backends,
        String bindAddress,
        int bindPort,
        int maxconn,
        int backlog,
        int connectTimeoutMs,
        int clientTimeoutMs,
        int serverTimeoutMs,
        int clientKeepaliveTimeoutMs,
        String healthPath,
        int checkIntervalMs,
        int checkTimeoutMs,
        int retries,
        int maxFails,
        int failTimeoutMs,
        int keepalivePool,
        int keepaliveRequests,
        int keepaliveTimeoutMs) {

    public static final int MAX_BACKENDS = 1000;
    public static final int MAX_CONNECTIONS = 1_000_000;
    private static final int MAX_TIMEOUT_MS = 86_400_000;
    // An absolute path of unreserved characters, percent escapes and sub-delimiters that are inert in both config
    // languages, with an optional query of the same.
    private static final Pattern PATH =
            Pattern.compile("/(?:[A-Za-z0-9._~!*+,=:@/-]|%[0-9A-Fa-f]{2})*(?:\\?(?:[A-Za-z0-9._~!*+,=:@/&-]|%[0-9A-Fa-f]{2})*)?");
    private static final int MAX_PATH_LENGTH = 256;

    /** @throws InvalidLbSpecException naming every field at fault */
    public LbSpec {
        List<SpecViolation> violations = new ArrayList<>();
        backends = checkBackends(backends, violations);
        if (bindAddress == null || !(NetAddresses.isIpv4(bindAddress) || NetAddresses.isIpv6(bindAddress))) {
            violations.add(new SpecViolation("bindAddress", "is an IPv4 or IPv6 address such as 0.0.0.0 or ::, got "
                    + Backend.quoted(bindAddress)));
        }
        range(violations, "bindPort", bindPort, 1, 65535);
        range(violations, "maxconn", maxconn, 1, MAX_CONNECTIONS);
        range(violations, "backlog", backlog, 1, MAX_CONNECTIONS);
        range(violations, "connectTimeoutMs", connectTimeoutMs, 1, MAX_TIMEOUT_MS);
        range(violations, "clientTimeoutMs", clientTimeoutMs, 1, MAX_TIMEOUT_MS);
        range(violations, "serverTimeoutMs", serverTimeoutMs, 1, MAX_TIMEOUT_MS);
        range(violations, "clientKeepaliveTimeoutMs", clientKeepaliveTimeoutMs, 1, MAX_TIMEOUT_MS);
        if (healthPath == null || healthPath.length() > MAX_PATH_LENGTH || !PATH.matcher(healthPath).matches()) {
            violations.add(new SpecViolation("healthPath", "is an absolute path of at most " + MAX_PATH_LENGTH
                    + " letters, digits, . _ ~ ! * + , = : @ / - and %XX escapes, with an optional ?query; got "
                    + Backend.quoted(healthPath)));
        }
        range(violations, "checkIntervalMs", checkIntervalMs, 100, MAX_TIMEOUT_MS);
        range(violations, "checkTimeoutMs", checkTimeoutMs, 1, MAX_TIMEOUT_MS);
        range(violations, "retries", retries, 0, 100);
        range(violations, "maxFails", maxFails, 1, 100);
        range(violations, "failTimeoutMs", failTimeoutMs, 1, MAX_TIMEOUT_MS);
        range(violations, "keepalivePool", keepalivePool, 0, MAX_CONNECTIONS);
        range(violations, "keepaliveRequests", keepaliveRequests, 1, MAX_CONNECTIONS);
        range(violations, "keepaliveTimeoutMs", keepaliveTimeoutMs, 1, MAX_TIMEOUT_MS);
        if (!violations.isEmpty()) {
            throw new InvalidLbSpecException(violations);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    private static List<Backend> checkBackends(List<Backend> backends, List<SpecViolation> violations) {
        if (backends == null || backends.isEmpty() || backends.size() > MAX_BACKENDS) {
            violations.add(new SpecViolation("backends", "is a list of 1 to " + MAX_BACKENDS + " servers, got "
                    + (backends == null ? "none" : backends.size())));
            return List.of();
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < backends.size(); i++) {
            Backend backend = backends.get(i);
            if (backend == null) {
                violations.add(new SpecViolation("backends[" + i + "]", "is missing"));
            } else if (!seen.add(backend.address())) {
                violations.add(new SpecViolation("backends[" + i + "]", "lists " + backend.address() + " again"));
            }
        }
        return violations.isEmpty() ? List.copyOf(backends) : List.of();
    }

    private static void range(List<SpecViolation> violations, String field, int value, int min, int max) {
        if (value < min || value > max) {
            violations.add(new SpecViolation(field, "is " + min + " to " + max + ", got " + value));
        }
    }

    /** Collects a spec; a value left null keeps the old script's default. */
    public static final class Builder {
        private List<Backend> backends;
        private String bindAddress = "0.0.0.0";
        private int bindPort = 80;
        private int maxconn = 4096;
        private Integer backlog;
        private int connectTimeoutMs = 5_000;
        private int clientTimeoutMs = 50_000;
        private int serverTimeoutMs = 50_000;
        private int clientKeepaliveTimeoutMs = 65_000;
        private String healthPath = "/health";
        private int checkIntervalMs = 2_000;
        private int checkTimeoutMs = 3_000;
        private int retries = 3;
        private int maxFails = 3;
        private int failTimeoutMs = 30_000;
        private int keepalivePool = 100;
        private int keepaliveRequests = 1_000;
        private int keepaliveTimeoutMs = 60_000;

        private Builder() {
        }

        public Builder backends(List<Backend> value) {
            backends = value;
            return this;
        }

        public Builder bindAddress(String value) {
            bindAddress = value == null ? bindAddress : value;
            return this;
        }

        public Builder bindPort(Integer value) {
            bindPort = value == null ? bindPort : value;
            return this;
        }

        public Builder maxconn(Integer value) {
            maxconn = value == null ? maxconn : value;
            return this;
        }

        /** Left null, the backlog follows maxconn, as HAProxy's own default does. */
        public Builder backlog(Integer value) {
            backlog = value;
            return this;
        }

        public Builder connectTimeoutMs(Integer value) {
            connectTimeoutMs = value == null ? connectTimeoutMs : value;
            return this;
        }

        public Builder clientTimeoutMs(Integer value) {
            clientTimeoutMs = value == null ? clientTimeoutMs : value;
            return this;
        }

        public Builder serverTimeoutMs(Integer value) {
            serverTimeoutMs = value == null ? serverTimeoutMs : value;
            return this;
        }

        public Builder clientKeepaliveTimeoutMs(Integer value) {
            clientKeepaliveTimeoutMs = value == null ? clientKeepaliveTimeoutMs : value;
            return this;
        }

        public Builder healthPath(String value) {
            healthPath = value == null ? healthPath : value;
            return this;
        }

        public Builder checkIntervalMs(Integer value) {
            checkIntervalMs = value == null ? checkIntervalMs : value;
            return this;
        }

        public Builder checkTimeoutMs(Integer value) {
            checkTimeoutMs = value == null ? checkTimeoutMs : value;
            return this;
        }

        public Builder retries(Integer value) {
            retries = value == null ? retries : value;
            return this;
        }

        public Builder maxFails(Integer value) {
            maxFails = value == null ? maxFails : value;
            return this;
        }

        public Builder failTimeoutMs(Integer value) {
            failTimeoutMs = value == null ? failTimeoutMs : value;
            return this;
        }

        public Builder keepalivePool(Integer value) {
            keepalivePool = value == null ? keepalivePool : value;
            return this;
        }

        public Builder keepaliveRequests(Integer value) {
            keepaliveRequests = value == null ? keepaliveRequests : value;
            return this;
        }

        public Builder keepaliveTimeoutMs(Integer value) {
            keepaliveTimeoutMs = value == null ? keepaliveTimeoutMs : value;
            return this;
        }

        /** @throws InvalidLbSpecException naming every field at fault */
        public LbSpec build() {
            return new LbSpec(backends, bindAddress, bindPort, maxconn, backlog == null ? maxconn : backlog,
                    connectTimeoutMs, clientTimeoutMs, serverTimeoutMs, clientKeepaliveTimeoutMs, healthPath,
                    checkIntervalMs, checkTimeoutMs, retries, maxFails, failTimeoutMs, keepalivePool,
                    keepaliveRequests, keepaliveTimeoutMs);
        }
    }
}
