package dev.tcpfleet.kafka;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;

/**
 * One Kafka node acting as both broker and KRaft controller, with its data in a local folder.
 *
 * <p>The folder is formatted on first start and reused after, so a restarted broker keeps its topics
 * and committed offsets, as a real one does.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {
    private static final int NODE_ID = 1;
    private static final String CONTROLLER_LISTENER = "CONTROLLER";

    private final KafkaRaftServer server;
    private final String bootstrapServers;

    private EmbeddedKafkaBroker(KafkaRaftServer server, String bootstrapServers) {
        this.server = server;
        this.bootstrapServers = bootstrapServers;
    }

    /**
     * A second client listener speaking TLS, beside the plaintext one.
     *
     * @param keystore PKCS#12 file with the broker's key and certificate, both under {@code password}
     */
    public record TlsListener(int port, Path keystore, String password) {
    }

    /**
     * @param bindHost       address the client listener binds (0.0.0.0 to reach it from network namespaces)
     * @param advertisedHost address clients are told to connect to
     * @param port           client port
     * @param controllerPort KRaft controller port, on loopback
     * @param partitions     partitions of auto-created topics
     * @param tls            a TLS listener too, or null
     */
    public static EmbeddedKafkaBroker start(Path dataDir, String bindHost, String advertisedHost, int port,
            int controllerPort, int partitions, TlsListener tls) throws Exception {
        Files.createDirectories(dataDir);
        String logDir = dataDir.toAbsolutePath().toString();
        Properties props = new Properties();
        props.put("process.roles", "broker,controller");
        props.put("node.id", String.valueOf(NODE_ID));
        props.put("controller.quorum.voters", NODE_ID + "@127.0.0.1:" + controllerPort);
        props.put("controller.listener.names", CONTROLLER_LISTENER);
        String listeners = "PLAINTEXT://" + bindHost + ":" + port + "," + CONTROLLER_LISTENER + "://127.0.0.1:" + controllerPort;
        String advertised = "PLAINTEXT://" + advertisedHost + ":" + port;
        if (tls != null) {
            listeners += ",SSL://" + bindHost + ":" + tls.port();
            advertised += ",SSL://" + advertisedHost + ":" + tls.port();
            props.put("ssl.keystore.type", "PKCS12");
            props.put("ssl.keystore.location", tls.keystore().toAbsolutePath().toString());
            props.put("ssl.keystore.password", tls.password());
            props.put("ssl.key.password", tls.password());
        }
        props.put("listeners", listeners);
        props.put("advertised.listeners", advertised);
        props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,SSL:SSL," + CONTROLLER_LISTENER + ":PLAINTEXT");
        props.put("inter.broker.listener.name", "PLAINTEXT");
        props.put("log.dirs", logDir);
        props.put("num.partitions", String.valueOf(partitions));
        props.put("auto.create.topics.enable", "true");
        props.put("offsets.topic.replication.factor", "1");
        props.put("offsets.topic.num.partitions", "5");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("share.coordinator.state.topic.replication.factor", "1");
        props.put("share.coordinator.state.topic.min.isr", "1");
        props.put("group.initial.rebalance.delay.ms", "0");
        props.put("log.flush.interval.messages", "10000");
        // the broker's clock stamps each record, so a snapshot's collectedAt is checked against it, not the sender's
        props.put("log.message.timestamp.type", "LogAppendTime");
        KafkaConfig config = KafkaConfig.fromProps(props, false);

        if (!Files.exists(dataDir.resolve("meta.properties"))) {
            new Formatter()
                    .setNodeId(NODE_ID)
                    .setClusterId(Uuid.randomUuid().toString())
                    .addDirectory(logDir)
                    .setMetadataLogDirectory(logDir)
                    .setControllerListenerName(CONTROLLER_LISTENER)
                    .setPrintStream(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()))
                    .run();
        }
        KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
        server.startup();
        return new EmbeddedKafkaBroker(server, advertisedHost + ":" + port);
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    @Override
    public void close() {
        server.shutdown();
        server.awaitShutdown();
    }
}
