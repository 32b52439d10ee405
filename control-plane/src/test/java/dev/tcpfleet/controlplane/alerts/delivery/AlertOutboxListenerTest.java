package dev.tcpfleet.controlplane.alerts.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.eclipse.microprofile.config.Config;
import org.junit.jupiter.api.Test;

/** The listening connection, outside the pool, must still connect as the pool's connections do. */
class AlertOutboxListenerTest {
    @Test
    void theListeningConnectionTakesThePoolsCredentialsAndExtraDriverSettingsButKeepsItsNameAndReadBound() {
        Config settings = new SmallRyeConfigBuilder().withSources(new PropertiesConfigSource(Map.of(
                "quarkus.datasource.jdbc.additional-jdbc-properties.sslmode", "verify-full",
                "quarkus.datasource.jdbc.additional-jdbc-properties.sslrootcert", "/etc/tcpfleet/db-ca.pem",
                "quarkus.datasource.jdbc.additional-jdbc-properties.ApplicationName", "someone-else",
                "quarkus.datasource.jdbc.max-size", "20"), "test", 100)).build();

        Properties properties = AlertOutboxListener.connectionProperties(Optional.of("tcpfleet"), Optional.of("secret"),
                settings, Duration.ofSeconds(13));

        Properties expected = new Properties();
        expected.putAll(Map.of("user", "tcpfleet", "password", "secret", "sslmode", "verify-full",
                "sslrootcert", "/etc/tcpfleet/db-ca.pem", "ApplicationName", AlertOutboxListener.APPLICATION_NAME,
                "socketTimeout", "13"));
        assertEquals(expected, properties);
    }

    @Test
    void withoutCredentialsOrExtrasOnlyItsOwnSettingsAreSet() {
        Properties properties = AlertOutboxListener.connectionProperties(Optional.empty(), Optional.empty(),
                new SmallRyeConfigBuilder().build(), Duration.ofSeconds(20));

        Properties expected = new Properties();
        expected.putAll(Map.of("ApplicationName", AlertOutboxListener.APPLICATION_NAME, "socketTimeout", "20"));
        assertEquals(expected, properties);
    }
}
