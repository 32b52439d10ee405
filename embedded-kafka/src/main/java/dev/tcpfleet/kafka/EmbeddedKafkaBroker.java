package dev.tcpfleet.kafka;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
     * Authenticated clients and ACLs, as on a production cluster: every listener speaks SASL, clients log in with
     * SCRAM-SHA-512, and the KRaft {@code StandardAuthorizer} lets each principal do only what its ACLs grant.
     * {@link #ADMIN} is the one super user: the broker itself (between its listeners) and whoever creates the
     * users, topics and ACLs. The client listener's principals are SCRAM users kept in the cluster's metadata; the
     * controller listener, which must work before that metadata is read, knows the admin through PLAIN instead.
     *
     * @param adminPassword the admin's password, which also becomes its SCRAM credential when the data folder is
     *                      formatted
     */
    public record SaslAuthentication(String adminPassword) {
        public static final String ADMIN = "admin";
        public static final String MECHANISM = "SCRAM-SHA-512";

        public SaslAuthentication {
            if (adminPassword == null || adminPassword.isEmpty()) {
                throw new IllegalArgumentException("the admin password is empty");
            }
            if (!adminPassword.matches("[\\x21-\\x7e&&[^\"\\\\,\\]=]]+")) {
                // it is written into a JAAS line and a format-time SCRAM argument, which have no escapes for these
                throw new IllegalArgumentException("the admin password may hold printable ASCII but space, quote,"
                        + " backslash, comma, ] and =");
            }
        }
    }

    /**
     * @param bindHost       address the client listener binds (0.0.0.0 to reach it from network namespaces)
     * @param advertisedHost address clients are told to connect to
     * @param port           client port
     * @param controllerPort KRaft controller port, on loopback
     * @param partitions     partitions of auto-created topics
     * @param tls            a TLS listener too, or null
     * @param sasl           SASL on every listener and ACLs, or null for a broker open to all
     */
    public static EmbeddedKafkaBroker start(Path dataDir, String bindHost, String advertisedHost, int port,
            int controllerPort, int partitions, TlsListener tls, SaslAuthentication sasl) throws Exception {
        Files.createDirectories(dataDir);
        String logDir = dataDir.toAbsolutePath().toString();
        Properties props = new Properties();
        props.put("process.roles", "broker,controller");
        props.put("node.id", String.valueOf(NODE_ID));
        props.put("controller.quorum.voters", NODE_ID + "@127.0.0.1:" + controllerPort);
        props.put("controller.listener.names", CONTROLLER_LISTENER);
        String client = sasl == null ? "PLAINTEXT" : "SASL_PLAINTEXT";
        String listeners = client + "://" + bindHost + ":" + port + "," + CONTROLLER_LISTENER + "://127.0.0.1:" + controllerPort;
        String advertised = client + "://" + advertisedHost + ":" + port;
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
        props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,SASL_PLAINTEXT:SASL_PLAINTEXT,SSL:SSL,"
                + CONTROLLER_LISTENER + ":" + client);
        props.put("inter.broker.listener.name", client);
        if (sasl != null) {
            props.putAll(saslSettings(sasl));
        }
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
                    .setScramArguments(sasl == null ? List.of()
                            : List.of(SaslAuthentication.MECHANISM + "=[name=" + SaslAuthentication.ADMIN
                                    + ",password=" + sasl.adminPassword() + "]"))
                    .setPrintStream(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()))
                    .run();
        }
        KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
        server.startup();
        return new EmbeddedKafkaBroker(server, advertisedHost + ":" + port);
    }

    private static Properties saslSettings(SaslAuthentication sasl) {
        String admin = "username=\"" + SaslAuthentication.ADMIN + "\" password=\"" + sasl.adminPassword() + "\"";
        Properties props = new Properties();
        props.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        props.put("super.users", "User:" + SaslAuthentication.ADMIN);
        props.put("sasl.enabled.mechanisms", SaslAuthentication.MECHANISM);
        props.put("sasl.mechanism.inter.broker.protocol", SaslAuthentication.MECHANISM);
        props.put("listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config",
                "org.apache.kafka.common.security.scram.ScramLoginModule required " + admin + ";");
        // SCRAM users live in the metadata the controller serves, so the controller itself cannot check them
        props.put("sasl.mechanism.controller.protocol", "PLAIN");
        props.put("listener.name.controller.sasl.enabled.mechanisms", "PLAIN");
        props.put("listener.name.controller.plain.sasl.jaas.config",
                "org.apache.kafka.common.security.plain.PlainLoginModule required " + admin + " user_"
                        + SaslAuthentication.ADMIN + "=\"" + sasl.adminPassword() + "\";");
        return props;
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
