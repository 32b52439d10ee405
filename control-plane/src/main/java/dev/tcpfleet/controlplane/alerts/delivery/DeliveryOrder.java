package dev.tcpfleet.controlplane.alerts.delivery;

import dev.tcpfleet.protocol.AlertEvent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/** The order the alert outbox keeps while it delivers many events at once: each subject's, and each alert's. */
final class DeliveryOrder {
    private DeliveryOrder() {
    }

    /**
     * Of a batch sent to the topic together (oldest first), the events to record as published: those that went
     * through and follow no failed event of their subject. A later event of that subject may have reached the topic
     * all the same; left unpublished, it is sent again after the failed one, so its subject's last word is in order.
     */
    static List<Long> published(List<AlertEvent> batch, Set<Long> failed) {
        Set<String> held = new HashSet<>();
        List<Long> published = new ArrayList<>();
        for (AlertEvent event : batch) {
            if (failed.contains(event.eventId())) {
                held.add(event.subject());
            } else if (!held.contains(event.subject())) {
                published.add(event.eventId());
            }
        }
        return published;
    }

    /**
     * {@code items} (oldest first) in one queue per alert, a rule on a subject, each queue oldest first: the queues
     * may be delivered side by side, each in its order.
     */
    static <T> Collection<List<T>> byAlert(List<T> items, Function<T, AlertEvent> event) {
        Map<List<String>, List<T>> queues = new LinkedHashMap<>();
        for (T item : items) {
            AlertEvent e = event.apply(item);
            queues.computeIfAbsent(List.of(e.rule(), e.subject()), alert -> new ArrayList<>()).add(item);
        }
        return queues.values();
    }
}
