package dev.tcpfleet.controlplane.alerts.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tcpfleet.controlplane.alerts.AlertContext;
import dev.tcpfleet.controlplane.alerts.AlertView;
import dev.tcpfleet.controlplane.hosts.Host;
import dev.tcpfleet.protocol.Finding;
import dev.tcpfleet.protocol.ProtocolJson;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AlertmanagerAlertTest {
    static final Instant T0 = Instant.parse("2026-12-08T00:00:00Z");
    static final Optional<URI> PUBLIC = Optional.of(URI.create("https://tcpfleet.example.com/"));

    private static AlertView view(String subject, String hostId, String scope, String status, String aggregate) {
        return new AlertView("tw-high", scope, subject, hostId, status, "critical", "time_wait", aggregate, "above",
                5000, 4000, T0, 6250.5, T0, null);
    }

    @Test
    void aHostAlertCarriesItsRoutingLabelsWithoutLettingHostLabelsClobberThemAndSaysWhatToDo() {
        Host host = new Host("web 1/a", "web1.example", Map.of("env", "prod", "severity", "low", "k8s.io/zone", "b",
                "9lives", "x", "empty", ""), "1.0", T0, T0, "accepted");
        Finding finding = new Finding("TIME_WAIT_CHURN", Finding.Severity.WARNING, "host", "6250 in TIME_WAIT",
                "short-lived outbound connections", "reuse connections (keep-alive, pools)");

        AlertmanagerAlert alert = AlertmanagerAlert.of(new AlertContext(view("web 1/a", "web 1/a", "host", "firing",
                null), "env=prod", "https://runbooks.example.com/tw", host, finding), PUBLIC);

        assertEquals(Map.of("alertname", "tw-high", "severity", "critical", "host", "web 1/a", "hostname",
                "web1.example", "env", "prod", "host_label_severity", "low", "k8s_io_zone", "b", "_9lives", "x"),
                alert.labels());
        assertEquals("6250.5", alert.annotations().get("value"));
        assertEquals("5000", alert.annotations().get("threshold"));
        assertEquals("time_wait at 6250.5 on web1.example (web 1/a), above its threshold 5000",
                alert.annotations().get("summary"));
        assertEquals("TIME_WAIT_CHURN: short-lived outbound connections", alert.annotations().get("finding"));
        assertEquals("reuse connections (keep-alive, pools)", alert.annotations().get("action"));
        assertEquals("https://runbooks.example.com/tw", alert.annotations().get("runbook_url"));
        assertEquals("https://tcpfleet.example.com/dashboard/host.html?id=web+1%2Fa", alert.generatorUrl());
        assertEquals(T0, alert.startsAt());
        assertNull(alert.endsAt(), "a firing alert lasts until Alertmanager stops hearing of it");
    }

    @Test
    void aFleetAlertNamesItsSelectorAndAResolvedOneEndsWhenItResolved() {
        AlertmanagerAlert alert = AlertmanagerAlert.of(new AlertContext(view("fleet", null, "fleet", "resolved",
                "sum"), "env=prod", null, null, null), Optional.empty());

        assertEquals(Map.of("alertname", "tw-high", "severity", "critical", "selector", "env=prod"), alert.labels());
        assertEquals("time_wait back to 6250.5 on the fleet (sum over env=prod), past its clear threshold 4000",
                alert.annotations().get("summary"));
        assertFalse(alert.annotations().containsKey("runbook_url"));
        assertEquals(T0, alert.endsAt());
        assertNull(alert.generatorUrl(), "no public URL, no link");
        assertFalse(new String(ProtocolJson.write(alert), StandardCharsets.UTF_8).contains("generatorURL"));
    }

    @Test
    void aUrlThatCannotBeAnAlertmanagerIsRefusedNamingTheSetting() {
        assertEquals(URI.create("http://am:9093/prefix/api/v2/alerts"),
                AlertmanagerDelivery.alertsEndpoint("http://am:9093/prefix/"));
        for (String bad : new String[] {"am:9093", "ftp://am:9093", "http://am:9093/?x=1", "http://a m:9093",
                "http:///nohost"}) {
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                    () -> AlertmanagerDelivery.alertsEndpoint(bad), bad);
            assertTrue(refused.getMessage().startsWith("tcpfleet.alerts.alertmanager.urls: '" + bad + "'"),
                    refused.getMessage());
        }
        IllegalArgumentException withPassword = assertThrows(IllegalArgumentException.class,
                () -> AlertmanagerDelivery.alertsEndpoint("http://ops:hunter2@am:9093"));
        assertTrue(withPassword.getMessage().contains("user information"), withPassword.getMessage());
        assertFalse(withPassword.getMessage().contains("hunter2"), withPassword.getMessage());
    }
}
