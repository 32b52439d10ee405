package dev.tcpfleet.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.acl.AclBinding;

/**
 * A real Kafka broker (KRaft) in a child JVM, from the embedded-kafka module's jar.
 *
 * <p>A child process rather than an in-JVM server: the tests can kill and restart it like a real
 * broker, and it dies with the test JVM ({@code --exit-with-parent}) even when that JVM is killed. Its passwords
 * reach it through its environment, never its command line.
 */
public final class KafkaBrokerProcess implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private final Path dataDir;
    private final boolean ownsDataDir;
    private final String bindHost;
    private final String advertisedHost;
    private final int port;
    private final int controllerPort;
    private final BrokerTls tls;
    private final int tlsPort;
    private final SaslUser admin;
    private Process process;
    /** Whether the broker ever started: a broker that never did keeps its log for the failure that names it. */
    private boolean started;

    private KafkaBrokerProcess(Path dataDir, boolean ownsDataDir, String bindHost, String advertisedHost,
            BrokerTls tls, SaslUser admin) {
        this.dataDir = dataDir;
        this.ownsDataDir = ownsDataDir;
        this.bindHost = bindHost;
        this.advertisedHost = advertisedHost;
        this.port = FreePorts.next();
        this.controllerPort = FreePorts.next();
        this.tls = tls;
        this.tlsPort = tls == null ? 0 : FreePorts.next();
        this.admin = admin;
    }

    /** A broker on loopback with its data in a fresh temporary folder, removed on close. */
    public static KafkaBrokerProcess startOnLoopback() {
        return start("127.0.0.1", "127.0.0.1");
    }

    /**
     * A broker listening on {@code bindHost} and advertising {@code advertisedHost}, e.g. 0.0.0.0 and a
     * veth address so that agents in network namespaces reach it.
     */
    public static KafkaBrokerProcess start(String bindHost, String advertisedHost) {
        return start(bindHost, advertisedHost, false, false);
    }

    /**
     * A broker on loopback that also has a TLS listener ({@link #tlsBootstrapServers()}), its self-signed key made
     * for the test ({@link #tls()}).
     */
    public static KafkaBrokerProcess startOnLoopbackWithTls() {
        return start("127.0.0.1", "127.0.0.1", true, false);
    }

    /**
     * A broker on loopback that admits only SCRAM users ({@link #createUser}) and lets each do what its ACLs
     * ({@link #createAcls}) grant, as a production cluster does; this class's own clients log in as its super user.
     */
    public static KafkaBrokerProcess startOnLoopbackWithSasl() {
        return start("127.0.0.1", "127.0.0.1", false, true);
    }

    private static KafkaBrokerProcess start(String bindHost, String advertisedHost, boolean withTls,
            boolean withSasl) {
        try {
            Path dataDir = Files.createTempDirectory("tcpfleet-kafka-");
            BrokerTls tls = withTls
                    ? BrokerTls.generate(Files.createDirectories(dataDir.resolveSibling(dataDir.getFileName() + "-tls")),
                            advertisedHost)
                    : null;
            SaslUser admin = withSasl ? SaslUser.generate("admin") : null;
            KafkaBrokerProcess broker = new KafkaBrokerProcess(dataDir, true, bindHost, advertisedHost, tls, admin);
            broker.launch();
            return broker;
        } catch (IOException e) {
            throw new IllegalStateException("cannot create the broker's data folder", e);
        }
    }

    /** The client listener: plaintext and open to all, or SASL on a broker started with it. */
    public String bootstrapServers() {
        return advertisedHost + ":" + port;
    }

    /** The TLS listener, of a broker started with one. */
    public String tlsBootstrapServers() {
        if (tls == null) {
            throw new IllegalStateException("this broker has no TLS listener");
        }
        return advertisedHost + ":" + tlsPort;
    }

    public BrokerTls tls() {
        return tls;
    }

    /** What a client needs to reach the client listener as the broker's super user (on a SASL broker). */
    public Map<String, Object> adminSettings() {
        Map<String, Object> settings = new HashMap<>();
        settings.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        if (admin != null) {
            settings.putAll(admin.clientSettings(""));
        }
        return settings;
    }

    /** A SCRAM user with a fresh random password, made as an operator would with {@code kafka-configs.sh}. */
    public SaslUser createUser(String name) {
        SaslUser user = SaslUser.generate(name);
        withAdmin("create the user " + name, admin -> admin.alterUserScramCredentials(List.of(
                new UserScramCredentialUpsertion(name, new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096),
                        user.password()))).all().get(30, TimeUnit.SECONDS));
        return user;
    }

    /** Grants what the bindings say, as an operator would with {@code kafka-acls.sh}. */
    public void createAcls(Collection<AclBinding> acls) {
        withAdmin("create ACLs", admin -> admin.createAcls(acls).all().get(30, TimeUnit.SECONDS));
    }

    /** Creates topics with a given partition count before any client auto-creates them. */
    public void createTopics(int partitions, String... topics) {
        withAdmin("create topics", admin -> {
            List<NewTopic> newTopics = new ArrayList<>();
            for (String topic : topics) {
                newTopics.add(new NewTopic(topic, partitions, (short) 1));
            }
            admin.createTopics(newTopics).all().get(30, TimeUnit.SECONDS);
        });
    }

    private interface AdminTask {
        void run(Admin admin) throws Exception;
    }

    private void withAdmin(String what, AdminTask task) {
        try (Admin admin = Admin.create(adminSettings())) {
            task.run(admin);
        } catch (Exception e) {
            throw new IllegalStateException("cannot " + what + " on " + bootstrapServers(), e);
        }
    }

    /** Stops the broker as SIGTERM would; its data stays for {@link #restart()}. */
    public void stop() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        process = null;
    }

    /** Starts the broker again on the same ports and data. */
    public void restart() {
        stop();
        launch();
    }

    @Override
    public void close() {
        stop();
        if (ownsDataDir) {
            deleteRecursively(dataDir);
            // kept when the broker never started, for the path the failure names
            if (started) {
                deleteRecursively(log());
            }
        }
        if (tls != null) {
            deleteRecursively(tls.keystore().getParent());
        }
    }

    private void launch() {
        Path jar = RepoPaths.built("embedded-kafka/target/tcpfleet-embedded-kafka.jar");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>(List.of(java.toString(), "-Xmx512m", "-jar", jar.toString(),
                "--data-dir", dataDir.toString(), "--bind-host", bindHost, "--advertised-host", advertisedHost,
                "--port", String.valueOf(port), "--controller-port", String.valueOf(controllerPort),
                "--exit-with-parent"));
        Map<String, String> secrets = new HashMap<>();
        if (tls != null) {
            command.addAll(List.of("--ssl-port", String.valueOf(tlsPort), "--ssl-keystore", tls.keystore().toString()));
            secrets.put("TCPFLEET_KAFKA_SSL_PASSWORD", tls.password());
        }
        if (admin != null) {
            command.add("--sasl");
            secrets.put("TCPFLEET_KAFKA_ADMIN_PASSWORD", admin.password());
        }
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.appendTo(log().toFile()));
        builder.environment().putAll(secrets);
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot launch " + jar, e);
        }
        CompletableFuture<String> ready = CompletableFuture.supplyAsync(() -> ReadyLine.await(process, "KAFKA READY"));
        try {
            ready.get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            process.destroyForcibly();
            throw new IllegalStateException("Kafka broker did not start within " + START_TIMEOUT
                    + "; its log is " + log(), e);
        }
        started = true;
    }

    /** The broker's stderr, beside its data dir. */
    private Path log() {
        return dataDir.resolveSibling(dataDir.getFileName() + ".log");
    }

    /** Deletes a test's temporary folder and all in it, as far as it can. */
    public static void deleteRecursively(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (var paths = Files.walk(root)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a temp folder left behind is not worth failing a test run for
        }
    }
}
