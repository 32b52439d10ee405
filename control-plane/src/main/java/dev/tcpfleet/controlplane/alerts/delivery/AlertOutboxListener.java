package dev.tcpfleet.controlplane.alerts.delivery;

import dev.tcpfleet.controlplane.ControlPlaneConfig;
import dev.tcpfleet.controlplane.leases.Lease;
import dev.tcpfleet.controlplane.leases.Leases;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.postgresql.Driver;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * Wakes {@link AlertNotifier} as soon as a transaction that recorded alert changes commits, on every instance but
 * only while this one holds the delivery lease: it LISTENs on the channel the alert_events trigger (V18) notifies,
 * on a connection of its own outside the pool (a pooled one would be handed back, and with it the LISTEN), and
 * renews the lease at every third of its duration, checking the connection when nothing came. A lost connection is
 * opened again with doubling waits, with one warning per outage; meanwhile the notifier's schedule delivers.
 */
@ApplicationScoped
public class AlertOutboxListener {
    /** The channel V18's trigger notifies. */
    static final String CHANNEL = "tcpfleet_alert_events";
    /** How the listening connection shows in pg_stat_activity. */
    static final String APPLICATION_NAME = "tcpfleet-alert-outbox";
    private static final Logger LOG = Logger.getLogger(AlertOutboxListener.class);
    private static final String EXTRA_PROPERTIES = "quarkus.datasource.jdbc.additional-jdbc-properties.";
    private static final Duration FIRST_RETRY = Duration.ofSeconds(1);
    private static final Duration MAX_RETRY = Duration.ofSeconds(30);
    private static final Duration STOP_WAIT = Duration.ofSeconds(5);
    /** How long past a wait for notifications the connection may stay silent before it counts as lost. */
    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(10);

    private final AlertNotifier notifier;
    private final Leases leases;
    private final Duration renewEvery;
    private final String url;
    private final Properties properties;
    private final CountDownLatch stopping = new CountDownLatch(1);
    private final Thread thread = new Thread(this::listen, "alert-outbox-listener");
    /** Written by the listening thread; read at shutdown to cut a wait for notifications short. */
    private volatile Connection connection;

    /** The datasource's own settings, so that the listening connection goes where the pool's do. */
    AlertOutboxListener(AlertNotifier notifier, Leases leases, ControlPlaneConfig config,
            @ConfigProperty(name = "quarkus.datasource.jdbc.url") String url,
            @ConfigProperty(name = "quarkus.datasource.username") Optional<String> user,
            @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password, Config settings) {
        this.notifier = notifier;
        this.leases = leases;
        this.renewEvery = config.leases().duration().dividedBy(3);
        this.url = url;
        this.properties = connectionProperties(user, password, settings, renewEvery.plus(ANSWER_TIMEOUT));
        thread.setDaemon(true);
    }

    /**
     * The listening connection's driver settings: the pool's credentials and extra driver settings (sslmode, say),
     * so that it goes where the pool's connections go and as they do, with its own name and a bound on every read
     * ({@code socketTimeout}), so that the LISTEN asked after a quiet wait fails on a peer gone without a word.
     */
    static Properties connectionProperties(Optional<String> user, Optional<String> password, Config settings,
            Duration socketTimeout) {
        Properties properties = new Properties();
        user.ifPresent(u -> properties.setProperty("user", u));
        password.ifPresent(p -> properties.setProperty("password", p));
        for (String name : settings.getPropertyNames()) {
            if (name.startsWith(EXTRA_PROPERTIES)) {
                settings.getOptionalValue(name, String.class).ifPresent(value -> properties.setProperty(
                        name.substring(EXTRA_PROPERTIES.length()), value));
            }
        }
        properties.setProperty("ApplicationName", APPLICATION_NAME);
        properties.setProperty("socketTimeout", String.valueOf(socketTimeout.toSeconds()));
        return properties;
    }

    void start(@Observes StartupEvent event) {
        thread.start();
    }

    private void listen() {
        int failures = 0;
        while (stopping.getCount() > 0) {
            try {
                if (!leases.hold(Lease.ALERT_DELIVERY)) {
                    close();
                    pause(renewEvery);
                    continue;
                }
                if (connection == null) {
                    connection = open();
                    if (failures > 0) {
                        LOG.infof("listening for alert events again after %d failed tries", failures);
                    }
                    failures = 0;
                    notifier.wake(); // what was recorded before the LISTEN went unannounced
                }
                PGNotification[] notifications = connection.unwrap(PGConnection.class)
                        .getNotifications((int) renewEvery.toMillis());
                if (notifications != null && notifications.length > 0) {
                    notifier.wake();
                } else {
                    // a wait only reads: a peer gone without a word (a cut network, a failover) is found by asking
                    listen(connection);
                }
            } catch (SQLException | RuntimeException e) {
                close();
                if (stopping.getCount() == 0) {
                    return;
                }
                failures++;
                if (failures == 1) {
                    LOG.warnf("not listening for alert events (delivered on schedule until it is back): %s",
                            e.getMessage());
                }
                pause(retryWait(failures));
            }
        }
        close();
    }

    /** The wait before try {@code failures + 1}: doubling from a second, at most half a minute. */
    private static Duration retryWait(int failures) {
        Duration wait = FIRST_RETRY.multipliedBy(1L << Math.min(failures - 1, 10));
        return wait.compareTo(MAX_RETRY) > 0 ? MAX_RETRY : wait;
    }

    private Connection open() throws SQLException {
        Connection opened = new Driver().connect(url, properties);
        if (opened == null) {
            throw new SQLException("not a PostgreSQL URL: " + url);
        }
        try {
            listen(opened);
            return opened;
        } catch (SQLException e) {
            opened.close();
            throw e;
        }
    }

    /** LISTENs: to start, and again (a no-op that still needs an answer) to learn the connection is alive. */
    private static void listen(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("LISTEN " + CHANNEL);
        }
    }

    private void close() {
        Connection open = connection;
        connection = null;
        if (open != null) {
            try {
                open.close();
            } catch (SQLException e) {
                // it was going away anyway
            }
        }
    }

    private void pause(Duration wait) {
        try {
            stopping.await(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopping.countDown();
        }
    }

    /** Cuts the wait for notifications short by closing the socket under it, then lets the thread finish. */
    void stop(@Observes ShutdownEvent event) {
        stopping.countDown();
        Connection open = connection;
        if (open != null) {
            try {
                open.abort(Runnable::run);
            } catch (SQLException e) {
                // closed already
            }
        }
        try {
            thread.join(STOP_WAIT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
