package dev.tcpfleet.controlplane.rollouts;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.tcpfleet.domain.metrics.SnapshotMetric;
import dev.tcpfleet.protocol.HostSnapshot;
import java.io.IOException;
import java.util.EnumSet;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * A gate check: the canary judge compares {@code metric} on the wave's hosts with the baseline hosts over the bake;
 * a difference counts from {@code tolerancePercent} of the canary's expected level (its level before the wave times
 * the baseline's trend) or {@code absolute}, whichever is more (the minimum effect: a figure at 0 is not failed by one stray socket).
 */
public record MetricCheck(
        @JsonSerialize(using = MetricCheck.NameWriter.class) @JsonDeserialize(using = MetricCheck.NameReader.class)
        SnapshotMetric metric,
        double tolerancePercent, double absolute) {
    /**
     * The minimum effect when a check names none: below 30 %, noise alone on one canary host of a figure as noisy as
     * simulated TIME_WAIT is judged BETTER or WORSE several times as often as alpha's 5 % (domain judge/DESIGN.md).
     */
    public static final double DEFAULT_TOLERANCE_PERCENT = 30;

    /**
     * The figures a gate can check, each one where higher is worse: TIME_WAIT shows a pooling or keepalive setting
     * gone wrong first, listen overflows a smaller backlog or a slower acceptor, retransmits buffer or congestion
     * settings that hurt the path.
     */
    public static final Set<SnapshotMetric> CHECKABLE = EnumSet.of(SnapshotMetric.TIME_WAIT,
            SnapshotMetric.LISTEN_OVERFLOWS_PER_S, SnapshotMetric.RETRANSMITS_PER_S);

    /** The figure in {@code snapshot}, or null when the snapshot lacks it (a rate on the agent's first one). */
    public Double valueIn(HostSnapshot snapshot) {
        OptionalDouble value = metric.of(snapshot);
        return value.isPresent() ? value.getAsDouble() : null;
    }

    /** A check names its metric by its API name, stored and shown alike; the domain's enum knows no JSON. */
    public static final class NameWriter extends JsonSerializer<SnapshotMetric> {
        @Override
        public void serialize(SnapshotMetric metric, JsonGenerator json, SerializerProvider provider)
                throws IOException {
            json.writeString(metric.apiName());
        }
    }

    public static final class NameReader extends JsonDeserializer<SnapshotMetric> {
        @Override
        public SnapshotMetric deserialize(JsonParser json, DeserializationContext context) throws IOException {
            String name = json.getValueAsString();
            return SnapshotMetric.byApiName(name)
                    .orElseThrow(() -> JsonMappingException.from(json, "no metric is named " + name));
        }
    }
}
