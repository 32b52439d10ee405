package dev.tcpfleet.agent.commands;

import dev.tcpfleet.agent.stress.StressService;
import dev.tcpfleet.protocol.commands.StressCommand;
import dev.tcpfleet.protocol.stress.StressReport;
import dev.tcpfleet.protocol.stress.StressRequest;
import dev.tcpfleet.protocol.stress.StressResult;
import java.time.Clock;
import java.util.function.Consumer;

/**
 * Runs the control plane's stress tests one at a time, each on a thread of its own: a test may last its whole
 * duration cap, and tuning commands must not wait behind it. A second test while one runs is refused, not queued,
 * so a host never carries two campaigns' load. A STOP interrupts the running test of its campaign, which then ends
 * as at its duration cap and reports what it did.
 */
public final class StressCommandRunner {
    private final String hostId;
    private final StressService service;
    private final Consumer<StressReport> reports;
    private final Clock clock;
    private Running running; // guarded by this

    private record Running(String campaignId, Thread thread) {
    }

    public StressCommandRunner(String hostId, StressService service, Consumer<StressReport> reports, Clock clock) {
        this.hostId = hostId;
        this.service = service;
        this.reports = reports;
        this.clock = clock;
    }

    public synchronized void accept(StressCommand command) {
        if (command.action() == StressCommand.Action.STOP) {
            if (running != null && running.campaignId().equals(command.campaignId())) {
                running.thread().interrupt();
            }
            return;
        }
        if (running != null) {
            report(command, StressResult.refused(command.request(), "another stress test (campaign "
                    + running.campaignId() + ") is running on this host", clock.instant()));
            return;
        }
        Thread thread = new Thread(() -> run(command), "tcpfleet-stress-" + command.campaignId());
        thread.setDaemon(true);
        running = new Running(command.campaignId(), thread);
        thread.start();
    }

    private void run(StressCommand command) {
        StressRequest request = command.request();
        StressResult result;
        try {
            result = service.run(request);
        } catch (RuntimeException e) {
            result = StressResult.refused(request, "the agent could not run it: " + e.getMessage(), clock.instant());
        } finally {
            synchronized (this) {
                running = null;
            }
        }
        report(command, result);
    }

    private void report(StressCommand command, StressResult result) {
        reports.accept(new StressReport(StressRequest.SCHEMA_VERSION, command.commandId(), hostId, result));
    }
}
