package dev.tcpfleet.controlplane.alerts.delivery;

import dev.tcpfleet.controlplane.alerts.SilenceView;
import dev.tcpfleet.controlplane.alerts.SilenceStore;
import dev.tcpfleet.controlplane.alerts.AlertEventStore;
import dev.tcpfleet.controlplane.ControlPlaneConfig;
import dev.tcpfleet.controlplane.leases.Lease;
import dev.tcpfleet.controlplane.leases.Leases;
import dev.tcpfleet.protocol.AlertEvent;
import dev.tcpfleet.protocol.ProtocolJson;
import dev.tcpfleet.protocol.Topics;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Delivers the alert_events outbox: every event to {@link Topics#ALERTS}, firing and resolved ones to the webhook
 * unless a silence covers them, each retried until it goes through (the webhook with doubling backoff, up to its
 * attempt limit), and keeps Alertmanager told ({@link AlertmanagerDelivery}). A round runs when
 * {@link AlertOutboxListener} hears that events were recorded, and on a schedule as the fallback; rounds run one at a
 * time ({@link SerialRounds}) on the holder of the delivery lease.
 */
@ApplicationScoped
@Startup // a bad webhook concurrency or Alertmanager URL is refused at start, not by the first delivery round
public class AlertNotifier {
    private static final Logger LOG = Logger.getLogger(AlertNotifier.class);
    private static final Duration MAX_BACKOFF = Duration.ofMinutes(10);
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(30);
    private static final int BATCH = 100;
    private static final Duration STOP_WAIT = Duration.ofSeconds(5);

    private final AlertEventStore events;
    private final SilenceStore silences;
    private final MutinyEmitter<byte[]> topic;
    private final ControlPlaneConfig.Alerts config;
    private final Optional<URI> webhook;
    private final HttpClient http;
    private final Leases leases;
    private final AlertmanagerDelivery alertmanager;
    private final DeliveryFailures failureCounts;
    private final SerialRounds rounds = new SerialRounds("alert-delivery", this::deliver);
    /** Bounds the alerts posted at once; a round waits for all its posts, so rounds still never overlap. */
    private final ExecutorService posters;

    AlertNotifier(AlertEventStore events, SilenceStore silences, @Channel(Topics.ALERTS) MutinyEmitter<byte[]> topic,
            ControlPlaneConfig config, Leases leases, AlertmanagerDelivery alertmanager, DeliveryFailures failures) {
        this.leases = leases;
        this.alertmanager = alertmanager;
        this.failureCounts = failures;
        this.events = events;
        this.silences = silences;
        this.topic = topic;
        this.config = config.alerts();
        this.webhook = this.config.webhookUrl();
        this.http = HttpClient.newBuilder().connectTimeout(this.config.webhookTimeout()).build();
        if (this.config.webhookConcurrency() < 1) {
            throw new IllegalArgumentException("tcpfleet.alerts.webhook-concurrency is 1 or more, got "
                    + this.config.webhookConcurrency());
        }
        this.posters = Executors.newFixedThreadPool(this.config.webhookConcurrency(), task -> {
            Thread t = new Thread(task, "alert-webhook");
            t.setDaemon(true);
            return t;
        });
    }

    /** Delivers what is waiting: now, or right after the round under way. */
    public void wake() {
        rounds.request();
    }

    /** The fallback: catches events whose notification was missed, and webhook retries, which fall due by time. */
    @Scheduled(every = "${tcpfleet.alerts.notify-interval}", skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void onSchedule() {
        rounds.request();
    }

    /** One round; true if it moved a full batch, so that more may be waiting. */
    private boolean deliver() {
        if (!leases.hold(Lease.ALERT_DELIVERY)) {
            return false;
        }
        boolean more = publish();
        if (webhook.isPresent() && leases.hold(Lease.ALERT_DELIVERY)) {
            more |= postDue(webhook.get());
        }
        if (alertmanager.enabled()) {
            alertmanager.deliver(() -> leases.hold(Lease.ALERT_DELIVERY));
        }
        return more;
    }

    /**
     * Sends a batch to the topic without waiting for each event (the producer keeps each partition's order, and
     * events are keyed by subject), then records in one statement those that went through.
     */
    private boolean publish() {
        List<AlertEvent> batch = events.unpublished(BATCH).stream().map(AlertEventStore.Delivery::event).toList();
        if (batch.isEmpty()) {
            return false;
        }
        List<Throwable> failures = Uni.join().all(batch.stream().map(this::send).toList()).andFailFast().await()
                .indefinitely();
        Set<Long> failed = new HashSet<>();
        String firstFailure = null;
        for (int i = 0; i < batch.size(); i++) {
            if (failures.get(i) != null) {
                failed.add(batch.get(i).eventId());
                firstFailure = firstFailure != null ? firstFailure
                        : "event " + batch.get(i).eventId() + ": " + failures.get(i).getMessage();
            }
        }
        if (firstFailure != null) { // one line a round, however many failed: an unreachable broker fails them all
            failureCounts.failed(DeliveryFailures.TOPIC, failed.size());
            LOG.warnf("%d of %d alert events not published yet (%s)", failed.size(), batch.size(), firstFailure);
        }
        List<Long> published = DeliveryOrder.published(batch, failed);
        if (!published.isEmpty()) {
            events.markPublished(published);
        }
        return batch.size() == BATCH && !published.isEmpty();
    }

    /** Sends one event keyed by its subject; ends in its failure, or null once the broker has it. */
    private Uni<Throwable> send(AlertEvent event) {
        return topic.sendMessage(Message.of(ProtocolJson.write(event))
                        .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(event.subject()).build()))
                .onItemOrFailure().<Throwable>transform((ok, failure) -> failure)
                .ifNoItem().after(SEND_TIMEOUT)
                .recoverWithItem(() -> new TimeoutException("no acknowledgement within " + SEND_TIMEOUT));
    }

    /** Posts what is due, each alert's events in order and different alerts' side by side. */
    private boolean postDue(URI url) {
        List<AlertEventStore.Delivery> due = events.webhookDue(Instant.now(), BATCH);
        List<SilenceView> silences = this.silences.active(Instant.now());
        AtomicInteger done = new AtomicInteger();
        List<Callable<Void>> queues = DeliveryOrder.byAlert(due, AlertEventStore.Delivery::event).stream()
                .<Callable<Void>>map(queue -> () -> {
                    try {
                        postInOrder(url, queue, silences, done);
                    } catch (RuntimeException e) { // the database: what is not recorded is posted again
                        LOG.warnf("webhook posts of alert event %d and after stopped: %s",
                                queue.get(0).event().eventId(), e.getMessage());
                    }
                    return null;
                }).toList();
        try {
            posters.invokeAll(queues);
        } catch (InterruptedException | RejectedExecutionException e) { // stopping: the next holder goes on
            return false;
        }
        return due.size() == BATCH && done.get() > 0;
    }

    /** One alert's events, oldest first: one not through holds back the later ones, as the next round will too. */
    private void postInOrder(URI url, List<AlertEventStore.Delivery> queue, List<SilenceView> silences,
            AtomicInteger done) {
        for (AlertEventStore.Delivery delivery : queue) {
            if (!leases.hold(Lease.ALERT_DELIVERY)) {
                return; // a round can outlast the lease: whoever took it delivers the rest, each event once
            }
            var event = delivery.event();
            Optional<SilenceView> silence = SilenceStore.covering(silences, event.rule(), event.hostId());
            if (silence.isPresent()) {
                events.skipWebhook(event.eventId(), "not posted: silenced by #" + silence.get().id() + " ("
                        + silence.get().reason() + ")");
            } else if (!post(url, delivery)) {
                return;
            }
            done.incrementAndGet();
        }
    }

    /** Posts one event; true if it is through: taken, or given up after its last try. */
    private boolean post(URI url, AlertEventStore.Delivery delivery) {
        String error;
        try {
            HttpResponse<Void> response = http.send(HttpRequest.newBuilder(url).timeout(config.webhookTimeout())
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(ProtocolJson.write(delivery.event()))).build(),
                    HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() / 100 == 2) {
                events.recordWebhookTry(delivery.event().eventId(), true, null, Instant.now());
                return true;
            }
            error = "HTTP " + response.statusCode();
        } catch (IOException e) {
            error = e.getClass().getSimpleName() + ": " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        failureCounts.failed(DeliveryFailures.WEBHOOK, 1);
        int attempt = delivery.webhookAttempts() + 1;
        boolean givenUp = attempt >= config.webhookMaxAttempts();
        Duration wait = config.webhookBackoff().multipliedBy(1L << Math.min(attempt - 1, 20));
        LOG.warnf("webhook for alert event %d failed (try %d%s): %s", delivery.event().eventId(), attempt,
                givenUp ? ", giving up" : "", error);
        events.recordWebhookTry(delivery.event().eventId(), givenUp, error,
                Instant.now().plus(wait.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : wait));
        return givenUp;
    }

    /** Stops the rounds: the one under way has a few seconds, then its posts are interrupted and left due. */
    void stop(@Observes ShutdownEvent event) {
        rounds.close(STOP_WAIT);
        posters.shutdownNow();
    }
}
