package dev.tcpfleet.controlplane.alerts.delivery;

import dev.tcpfleet.protocol.AlertEvent;
import dev.tcpfleet.protocol.ProtocolJson;
import dev.tcpfleet.protocol.Topics;
import dev.tcpfleet.testing.KafkaBrokerProcess;
import dev.tcpfleet.testing.TopicRecords;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/** What the control plane published on the real alerts topic. */
final class PublishedAlerts {
    private PublishedAlerts() {
    }

    /** The first {@code count} statuses published for {@code rule}'s alert on {@code host}, in topic order. */
    static List<String> statuses(KafkaBrokerProcess broker, String host, String rule, int count) {
        return TopicRecords.await(broker.bootstrapServers(), Topics.ALERTS, record -> {
            AlertEvent event = read(record.value());
            return host.equals(event.hostId()) && rule.equals(event.rule());
        }, count).stream().map(record -> read(record.value()).to()).toList();
    }

    static AlertEvent read(byte[] json) {
        try {
            return ProtocolJson.mapper().readValue(json, AlertEvent.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
