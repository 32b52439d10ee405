package dev.tcpfleet.controlplane.rollouts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonMappingException;
import dev.tcpfleet.domain.metrics.SnapshotMetric;
import dev.tcpfleet.protocol.ProtocolJson;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MetricCheckTest {

    @Test
    void aStoredOrShownCheckNamesItsMetricByTheApiName() throws Exception {
        MetricCheck check = new MetricCheck(SnapshotMetric.LISTEN_OVERFLOWS_PER_S, 10, 2);
        String json = new String(ProtocolJson.write(check), StandardCharsets.UTF_8);

        assertEquals("{\"metric\":\"listen_overflows_per_s\",\"tolerancePercent\":10.0,\"absolute\":2.0}", json);
        assertEquals(check, ProtocolJson.mapper().readValue(json, MetricCheck.class));
    }

    @Test
    void aStoredCheckWithAnUnknownMetricDoesNotReadBack() {
        assertThrows(JsonMappingException.class, () -> ProtocolJson.mapper().readValue(
                "{\"metric\":\"TIME_WAIT\",\"tolerancePercent\":10,\"absolute\":0}", MetricCheck.class));
    }
}
