package dev.tcpfleet.agent.stress;

import dev.tcpfleet.domain.stress.AgentStressRefusals;
import dev.tcpfleet.protocol.stress.StressRequest;
import dev.tcpfleet.protocol.stress.StressResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.Optional;

/**
 * The one entry point for a stress or latency test, whoever asks: resolves the target, applies the guardrails
 * (refusing with the reason in the result), reads the headroom, then runs the test on the calling thread.
 */
public final class StressService {
    private final StressGuardrails guardrails;
    private final HeadroomReader headroom;
    private final Clock clock;

    public StressService(StressGuardrails guardrails, HeadroomReader headroom, Clock clock) {
        this.guardrails = guardrails;
        this.headroom = headroom;
        this.clock = clock;
    }

    /** A local operator's explicit override: no caps and no headroom check, the target still resolved. */
    public static StressService unguarded(Clock clock) {
        return new StressService(null, null, clock);
    }

    public StressResult run(StressRequest request) {
        InetAddress address;
        try {
            address = InetAddress.getByName(request.host());
        } catch (UnknownHostException e) {
            return StressResult.refused(request, AgentStressRefusals.unresolvable(request.host()), clock.instant());
        }
        Optional<String> refusal = guardrails == null ? Optional.empty()
                : guardrails.refusal(request, address)
                        .or(() -> guardrails.refusal(request, headroom.read(address, request.port())));
        if (refusal.isPresent()) {
            return StressResult.refused(request, refusal.get(), clock.instant());
        }
        try {
            return new LoadGenerator(request, new InetSocketAddress(address, request.port())).run(clock);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run a selector for " + request.target(), e); // no epoll left
        }
    }
}
