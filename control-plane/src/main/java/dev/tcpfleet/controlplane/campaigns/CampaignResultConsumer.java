package dev.tcpfleet.controlplane.campaigns;

import dev.tcpfleet.controlplane.StoreRetry;
import dev.tcpfleet.protocol.MalformedMessageException;
import dev.tcpfleet.protocol.ProtocolJson;
import dev.tcpfleet.protocol.Topics;
import dev.tcpfleet.protocol.stress.StressReport;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Reads hosts' stress reports onto the campaign rows they answer, judging the campaign alert rules on each (see
 * {@link CampaignService#record}). A message that is not a report goes to the dead-letter topic; a report that
 * answers no campaign host of ours is logged and counted.
 */
@ApplicationScoped
public class CampaignResultConsumer {
    private static final Logger LOG = Logger.getLogger(CampaignResultConsumer.class);

    private final CampaignService campaigns;
    private final StoreRetry retry;
    private final Counter unmatched;

    CampaignResultConsumer(CampaignService campaigns, StoreRetry retry, MeterRegistry registry) {
        this.campaigns = campaigns;
        this.retry = retry;
        this.unmatched = Counter.builder("tcpfleet.campaigns.results.unmatched")
                .description("stress reports that answer no campaign of this control plane").register(registry);
    }

    @Incoming(Topics.STRESS_RESULTS)
    @Blocking
    public CompletionStage<Void> consume(Message<byte[]> message) {
        return retry.store(message, CampaignResultConsumer::read, report -> {
            if (!campaigns.record(report)) {
                unmatched.increment();
                LOG.warnf("stress report %s from host %s answers no campaign of ours", report.commandId(),
                        report.hostId());
            }
        }, report -> "stress report " + report.commandId() + " of host " + report.hostId());
    }

    private static StressReport read(byte[] message) {
        StressReport report = ProtocolJson.readStressReport(message);
        if (report.commandId() == null || report.hostId() == null || report.result() == null) {
            throw new MalformedMessageException("StressReport: commandId, hostId and result are required");
        }
        return report;
    }
}
