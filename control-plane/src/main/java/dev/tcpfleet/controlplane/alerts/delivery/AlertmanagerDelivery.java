package dev.tcpfleet.controlplane.alerts.delivery;

import dev.tcpfleet.controlplane.ControlPlaneConfig;
import dev.tcpfleet.controlplane.alerts.AlertService;
import dev.tcpfleet.controlplane.alerts.AlertStore;
import dev.tcpfleet.controlplane.alerts.AlertmanagerTargetStore;
import dev.tcpfleet.protocol.ProtocolJson;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.jboss.logging.Logger;

/**
 * Keeps each Alertmanager endpoint told of the alerts firing and those resolved lately. Alertmanager holds state,
 * not events, so what is posted is the whole picture (Prometheus does the same): to an endpoint that has not heard
 * of the latest moves, again every {@code resend} (a firing alert it stops hearing of ends after its
 * resolve_timeout), and after a failure with doubling backoff, at most a resend apart. A resolved alert is posted
 * for {@link #RESOLVED_KEPT} after it resolved, so an endpoint down meanwhile still learns it ended. Called by
 * {@link AlertNotifier}'s rounds, on the delivery lease's holder only.
 */
@ApplicationScoped
@Startup // made at start, not behind AlertNotifier's first call, so that a bad URL stops the start
class AlertmanagerDelivery {
    /** As Prometheus keeps sending a resolved alert. */
    static final Duration RESOLVED_KEPT = Duration.ofMinutes(15);
    private static final Logger LOG = Logger.getLogger(AlertmanagerDelivery.class);
    private static final int MAX_ERROR = 300;

    /** One endpoint and what this instance knows of it; used by the single round thread only. */
    private static final class Target {
        final String url;
        final URI alerts;
        /** The alerts (rule, subject, status) it last took; null before it took any from this instance. */
        List<String> heard;
        Instant nextAt = Instant.MIN;
        int failures;

        Target(String url, URI alerts) {
            this.url = url;
            this.alerts = alerts;
        }
    }

    private final List<Target> targets;
    private final Duration resend;
    private final Duration timeout;
    private final Duration backoff;
    private final Optional<URI> publicUrl;
    private final AlertService alerts;
    private final AlertStore store;
    private final AlertmanagerTargetStore record;
    private final DeliveryFailures failures;
    private final HttpClient http;

    AlertmanagerDelivery(ControlPlaneConfig config, AlertService alerts, AlertStore store,
            AlertmanagerTargetStore record, DeliveryFailures failures) {
        ControlPlaneConfig.Alertmanager settings = config.alerts().alertmanager();
        this.targets = settings.urls().orElse(List.of()).stream().map(String::trim).filter(url -> !url.isEmpty())
                .map(url -> new Target(url, alertsEndpoint(url))).toList();
        this.resend = settings.resend();
        this.timeout = settings.timeout();
        if (resend.isNegative() || resend.isZero()) {
            throw new IllegalArgumentException("tcpfleet.alerts.alertmanager.resend is a positive duration, got "
                    + resend);
        }
        this.backoff = config.alerts().webhookBackoff();
        this.publicUrl = config.publicUrl();
        this.alerts = alerts;
        this.store = store;
        this.record = record;
        this.failures = failures;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    /** {@code base}'s alerts endpoint; a URL that cannot be one is refused at start, naming the setting. */
    static URI alertsEndpoint(String base) {
        URI uri;
        try {
            uri = new URI(base);
        } catch (URISyntaxException e) {
            throw invalid(base, e.getMessage());
        }
        if (uri.getRawUserInfo() != null) {
            // not echoed: it holds a password, which this client would not send anyway (no basic auth from a URL),
            // and the URL is shown in GET /api/alerts/alertmanagers and the logs
            throw new IllegalArgumentException("tcpfleet.alerts.alertmanager.urls: a URL with user information"
                    + " (user:password@) is refused: put Alertmanager behind a proxy that authenticates instead");
        }
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
            throw invalid(base, "an http or https URL with a host is needed, e.g. http://alertmanager:9093");
        }
        if (uri.getQuery() != null || uri.getFragment() != null) {
            throw invalid(base, "a base URL has no query or fragment");
        }
        return URI.create(base.replaceAll("/+$", "") + "/api/v2/alerts");
    }

    /** The start of an error answer, read no further: what Alertmanager says fits in it, and a body may be huge. */
    private static String start(InputStream body) throws IOException {
        return new String(body.readNBytes(MAX_ERROR + 1), StandardCharsets.UTF_8).strip();
    }

    private static IllegalArgumentException invalid(String url, String why) {
        return new IllegalArgumentException("tcpfleet.alerts.alertmanager.urls: '" + url + "' is not an"
                + " Alertmanager base URL: " + why);
    }

    boolean enabled() {
        return !targets.isEmpty();
    }

    /** Posts to each endpoint that is due, while {@code holding} says this instance still holds the lease. */
    void deliver(BooleanSupplier holding) {
        Instant now = Instant.now();
        Instant resolvedSince = now.minus(RESOLVED_KEPT);
        List<String> keys = store.firingOrResolvedKeys(resolvedSince);
        List<Target> due = targets.stream().filter(t -> !now.isBefore(t.nextAt)
                || t.failures == 0 && !keys.equals(t.heard)).toList();
        if (due.isEmpty()) {
            return;
        }
        List<AlertmanagerAlert> batch = alerts.firingOrResolvedSince(resolvedSince).stream()
                .map(context -> AlertmanagerAlert.of(context, publicUrl)).toList();
        byte[] body = ProtocolJson.write(batch);
        for (Target target : due) {
            if (!holding.getAsBoolean()) {
                return; // the next holder posts the same picture
            }
            post(target, body, batch.size(), keys);
        }
    }

    private void post(Target target, byte[] body, int count, List<String> keys) {
        String error;
        try {
            HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(target.alerts).timeout(timeout)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream answer = response.body()) {
                error = response.statusCode() / 100 == 2 ? null
                        : "HTTP " + response.statusCode() + ": " + start(answer);
            }
        } catch (IOException e) {
            error = e.getMessage() == null ? e.getClass().getSimpleName()
                    : e.getClass().getSimpleName() + ": " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        Instant now = Instant.now();
        if (error == null) {
            if (target.failures > 0) {
                LOG.infof("Alertmanager %s takes alerts again, after %d failed posts", target.url, target.failures);
            }
            target.heard = keys;
            target.failures = 0;
            target.nextAt = now.plus(resend);
        } else {
            error = error.length() > MAX_ERROR ? error.substring(0, MAX_ERROR) + "..." : error;
            target.failures++;
            if (target.failures == 1) { // one line an outage: retries follow every few seconds
                LOG.warnf("posting %d alerts to Alertmanager %s failed (retried with backoff): %s", count,
                        target.url, error);
            }
            failures.failed(DeliveryFailures.ALERTMANAGER, 1);
            Duration wait = backoff.multipliedBy(1L << Math.min(target.failures - 1, 20));
            target.nextAt = now.plus(wait.compareTo(resend) > 0 ? resend : wait);
        }
        record.recordTry(target.url, now, count, target.failures, error, target.nextAt);
    }
}
