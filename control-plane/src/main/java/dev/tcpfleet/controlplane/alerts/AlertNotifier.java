package dev.tcpfleet.controlplane.alerts;

import dev.tcpfleet.controlplane.ControlPlaneConfig;
import dev.tcpfleet.controlplane.leases.Lease;
import dev.tcpfleet.controlplane.leases.Leases;
import dev.tcpfleet.protocol.ProtocolJson;
import dev.tcpfleet.protocol.Topics;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Delivers the alert_events outbox: every event to {@link Topics#ALERTS}, firing and resolved ones to the webhook
 * unless a silence covers them, each retried until it goes through (the webhook with doubling backoff, up to its
 * attempt limit).
 */
@ApplicationScoped
public class AlertNotifier {
    private static final Logger LOG = Logger.getLogger(AlertNotifier.class);
    private static final Duration MAX_BACKOFF = Duration.ofMinutes(10);
    private static final int BATCH = 100;

    private final AlertEventStore events;
    private final SilenceStore silences;
    private final MutinyEmitter<byte[]> topic;
    private final ControlPlaneConfig.Alerts config;
    private final Optional<URI> webhook;
    private final HttpClient http;
    private final Leases leases;

    AlertNotifier(AlertEventStore events, SilenceStore silences, @Channel(Topics.ALERTS) MutinyEmitter<byte[]> topic,
            ControlPlaneConfig config, Leases leases) {
        this.leases = leases;
        this.events = events;
        this.silences = silences;
        this.topic = topic;
        this.config = config.alerts();
        this.webhook = this.config.webhookUrl();
        this.http = HttpClient.newBuilder().connectTimeout(this.config.webhookTimeout()).build();
    }

    @Scheduled(every = "${tcpfleet.alerts.notify-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void deliver() {
        if (!leases.hold(Lease.ALERT_DELIVERY)) {
            return;
        }
        for (AlertEventStore.Delivery delivery : events.unpublished(BATCH)) {
            if (!leases.hold(Lease.ALERT_DELIVERY)) {
                return; // a round can outlast the lease: whoever took it delivers the rest, each event once
            }
            var event = delivery.event();
            try {
                topic.sendMessage(Message.of(ProtocolJson.write(event)).addMetadata(
                        OutgoingKafkaRecordMetadata.<String>builder().withKey(event.subject()).build()))
                        .await().atMost(Duration.ofSeconds(30));
                events.markPublished(event.eventId());
            } catch (RuntimeException e) {
                LOG.warnf("alert event %d not published yet: %s", event.eventId(), e.getMessage());
                break; // in order: the next ones wait for this one
            }
        }
        webhook.ifPresent(url -> {
            List<SilenceView> silences = this.silences.active(Instant.now());
            for (AlertEventStore.Delivery delivery : events.webhookDue(Instant.now(), BATCH)) {
                var event = delivery.event();
                Optional<SilenceView> silence = SilenceStore.covering(silences, event.rule(), event.hostId());
                if (!leases.hold(Lease.ALERT_DELIVERY)) {
                    return;
                }
                if (silence.isPresent()) {
                    events.skipWebhook(event.eventId(), "not posted: silenced by #" + silence.get().id() + " ("
                            + silence.get().reason() + ")");
                } else {
                    post(url, delivery);
                }
            }
        });
    }

    private void post(URI url, AlertEventStore.Delivery delivery) {
        String error;
        try {
            HttpResponse<Void> response = http.send(HttpRequest.newBuilder(url).timeout(config.webhookTimeout())
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(ProtocolJson.write(delivery.event()))).build(),
                    HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() / 100 == 2) {
                events.recordWebhookTry(delivery.event().eventId(), true, null, Instant.now());
                return;
            }
            error = "HTTP " + response.statusCode();
        } catch (IOException e) {
            error = e.getClass().getSimpleName() + ": " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        int attempt = delivery.webhookAttempts() + 1;
        boolean givenUp = attempt >= config.webhookMaxAttempts();
        Duration wait = config.webhookBackoff().multipliedBy(1L << Math.min(attempt - 1, 20));
        LOG.warnf("webhook for alert event %d failed (try %d%s): %s", delivery.event().eventId(), attempt,
                givenUp ? ", giving up" : "", error);
        events.recordWebhookTry(delivery.event().eventId(), givenUp, error,
                Instant.now().plus(wait.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : wait));
    }
}
