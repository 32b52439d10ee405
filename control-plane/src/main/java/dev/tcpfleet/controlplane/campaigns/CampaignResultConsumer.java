package dev.tcpfleet.controlplane.campaigns;

import dev.tcpfleet.controlplane.messaging.StoreRetry;
import dev.tcpfleet.controlplane.enrolment.Claim;
import dev.tcpfleet.controlplane.enrolment.Envelope;
import dev.tcpfleet.controlplane.enrolment.HostAuthentication;
import dev.tcpfleet.controlplane.enrolment.RefusedMessage;
import dev.tcpfleet.protocol.MalformedMessageException;
import dev.tcpfleet.protocol.ProtocolJson;
import dev.tcpfleet.protocol.Topics;
import dev.tcpfleet.protocol.stress.StressReport;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Reads hosts' stress reports onto the campaign rows they answer, judging the campaign alert rules on each (see
 * {@link CampaignService#record}). A message that is not a report, or that host authentication refuses, goes to the
 * dead-letter topic; a report that
 * answers no campaign host of ours is logged and counted.
 */
@ApplicationScoped
public class CampaignResultConsumer {
    private static final Logger LOG = Logger.getLogger(CampaignResultConsumer.class);

    private final CampaignService campaigns;
    private final HostAuthentication authentication;
    private final StoreRetry retry;
    private final Counter unmatched;

    CampaignResultConsumer(CampaignService campaigns, HostAuthentication authentication, StoreRetry retry,
            MeterRegistry registry) {
        this.campaigns = campaigns;
        this.authentication = authentication;
        this.retry = retry;
        this.unmatched = Counter.builder("tcpfleet.campaigns.results.unmatched")
                .description("stress reports that answer no campaign of this control plane").register(registry);
    }

    @Incoming(Topics.STRESS_RESULTS)
    @Blocking
    public CompletionStage<Void> consume(Message<byte[]> message) {
        return retry.store(message, CampaignResultConsumer::read, received -> {
            // the refusal is thrown once its transaction has kept what it records of the host's enrolment
            RefusedMessage refused = QuarkusTransaction.requiringNew().call(() -> {
                RefusedMessage refusal = authentication.refused(List.of(received), Received::claim).get(received);
                if (refusal == null && !campaigns.record(received.report())) {
                    unmatched.increment();
                    LOG.warnf("stress report %s from host %s answers no campaign of ours",
                            received.report().commandId(), received.report().hostId());
                }
                return refusal;
            });
            if (refused != null) {
                throw refused;
            }
        }, received -> "stress report " + received.report().commandId() + " of host " + received.report().hostId());
    }

    /** A report as read, with the message it came in. */
    private record Received(StressReport report, Envelope envelope) {
        Claim claim() {
            return new Claim(envelope, report.hostId(), null, null, null);
        }
    }

    private static Received read(Message<byte[]> message) {
        StressReport report = ProtocolJson.readStressReport(message.getPayload());
        if (report.commandId() == null || report.hostId() == null || report.result() == null) {
            throw new MalformedMessageException("StressReport: commandId, hostId and result are required");
        }
        return new Received(report, Envelope.of(message));
    }
}
