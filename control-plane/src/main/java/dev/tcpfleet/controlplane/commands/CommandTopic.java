package dev.tcpfleet.controlplane.commands;

import dev.tcpfleet.controlplane.ControlPlaneConfig;
import dev.tcpfleet.protocol.KafkaConnection;
import dev.tcpfleet.protocol.Topics;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.jboss.logging.Logger;

/**
 * Creates the commands topic with the configured partition count. Agents compute their partition from that count
 * and wait for the topic to exist, so it must not be left to the broker's auto-creation with whatever default it has.
 * Tried at start-up and again before a send, so a broker that was down at start-up delays commands, not the app.
 */
@ApplicationScoped
public class CommandTopic {
    private static final Logger LOG = Logger.getLogger(CommandTopic.class);

    private final Map<String, Object> adminConfig;
    private final int partitions;
    private volatile boolean exists;

    CommandTopic(ControlPlaneConfig config, @Identifier("default-kafka-broker") Map<String, Object> kafka) {
        this.partitions = config.commands().partitions();
        this.adminConfig = KafkaConnection.settings(kafka);
    }

    void onStart(@Observes StartupEvent event) {
        try {
            ensureExists();
        } catch (RuntimeException e) {
            LOG.warnf("cannot create %s yet, will retry on the first command: %s", Topics.COMMANDS, e.getMessage());
        }
    }

    public void ensureExists() {
        if (exists) {
            return;
        }
        try (Admin admin = Admin.create(adminConfig)) {
            if (!admin.listTopics().names().get(30, TimeUnit.SECONDS).contains(Topics.COMMANDS)) {
                // The broker's default replication factor: this class knows nothing of the cluster's size.
                NewTopic topic = new NewTopic(Topics.COMMANDS, Optional.of(partitions), Optional.empty());
                try {
                    admin.createTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
                    LOG.infof("created %s with %d partitions", Topics.COMMANDS, partitions);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
            exists = true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating " + Topics.COMMANDS, e);
        } catch (Exception e) {
            throw new IllegalStateException("cannot create " + Topics.COMMANDS + ": " + e.getMessage(), e);
        }
    }
}
