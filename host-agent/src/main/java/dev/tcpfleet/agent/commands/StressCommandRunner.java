package dev.tcpfleet.agent.commands;

import dev.tcpfleet.agent.stress.StressService;
import dev.tcpfleet.protocol.commands.StressCommand;
import dev.tcpfleet.protocol.stress.StressReport;
import dev.tcpfleet.protocol.stress.StressRequest;
import dev.tcpfleet.protocol.stress.StressResult;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * Runs the control plane's stress tests one at a time, each on a thread of its own: a test may last its whole
 * duration cap, and tuning commands must not wait behind it. A second test while one runs is refused, not queued,
 * so a host never carries two campaigns' load. A STOP interrupts the running test of its campaign, which then ends
 * as at its duration cap and reports what it did. Every command runs at most once: each RUN is journaled before its
 * test starts, and answered from the journal when read again; a campaign's STOP is journaled, and a RUN of that
 * campaign read after it is refused.
 */
public final class StressCommandRunner {
    private static final Logger LOG = Logger.getLogger(StressCommandRunner.class);
    /** How often expired entries are looked for: the journal holds a few minutes of commands. */
    private static final Duration FORGET_EVERY = Duration.ofMinutes(1);

    private final String hostId;
    private final StressService service;
    private final StressJournal journal;
    private final Consumer<StressReport> reports;
    private final Clock clock;
    private Running running; // guarded by this
    private Instant lastForgotten = Instant.MIN; // guarded by this

    private record Running(String campaignId, Thread thread) {
    }

    public StressCommandRunner(String hostId, StressService service, StressJournal journal,
                               Consumer<StressReport> reports, Clock clock) {
        this.hostId = hostId;
        this.service = service;
        this.journal = journal;
        this.reports = reports;
        this.clock = clock;
    }

    public synchronized void accept(StressCommand command) {
        forgetExpired();
        try {
            acceptJournaled(command);
        } catch (RuntimeException e) {
            // an unreadable journal: a RUN is refused rather than run without knowing whether it ran before
            if (command.action() == StressCommand.Action.RUN) {
                refuse(command, "the agent could not read its stress journal: " + e.getMessage());
            } else {
                LOG.warnf("stop of campaign %s: %s", command.campaignId(), e.getMessage());
            }
        }
    }

    private void acceptJournaled(StressCommand command) {
        if (command.action() == StressCommand.Action.STOP) {
            try {
                journal.stopped(command, clock.instant());
            } catch (RuntimeException e) {
                // the running test is still stopped; only a later replay of its RUN is not barred
                LOG.warnf("the stop of campaign %s is not journaled: %s", command.campaignId(), e.getMessage());
            }
            if (running != null && running.campaignId().equals(command.campaignId())) {
                running.thread().interrupt();
            }
            return;
        }
        Optional<StressJournal.Run> earlier = journal.run(command.commandId());
        if (earlier.isPresent()) {
            // read again: its report once more if it has one; if it is still running, it reports when it ends
            Optional.ofNullable(earlier.get().report()).ifPresent(reports);
            return;
        }
        Optional<StressJournal.Stop> stop = journal.stop(command.campaignId());
        if (stop.isPresent()) {
            refuse(command, "campaign " + command.campaignId() + " was stopped at " + stop.get().stoppedAt()
                    + " (command " + stop.get().commandId() + "): its tests do not start again");
            return;
        }
        if (running != null) {
            refuse(command, "another stress test (campaign " + running.campaignId() + ") is running on this host");
            return;
        }
        try {
            journal.started(command);
        } catch (RuntimeException e) {
            refuse(command, "the agent could not journal it, so could not tell a replay from it: " + e.getMessage());
            return;
        }
        Thread thread = new Thread(() -> run(command), "tcpfleet-stress-" + command.campaignId());
        thread.setDaemon(true);
        running = new Running(command.campaignId(), thread);
        thread.start();
    }

    /**
     * Answers an expired RUN that this host took before it expired with its journaled report; false if there is
     * none, and the command is refused as expired.
     */
    public synchronized boolean answerFromJournal(StressCommand command) {
        Optional<StressReport> report;
        try {
            report = command.action() == StressCommand.Action.RUN
                    ? journal.run(command.commandId()).map(StressJournal.Run::report) : Optional.empty();
        } catch (RuntimeException e) {
            report = Optional.empty(); // refused as expired, which it is
        }
        report.ifPresent(reports);
        return report.isPresent();
    }

    /** Reports the tests the agent stopped in the middle of (a crash, a restart): they are not run again. */
    public synchronized void recover() {
        try {
            for (StressJournal.Run interrupted : journal.interrupted()) {
                refuse(interrupted.command(), "the agent stopped while this test ran; it is not run again");
            }
        } catch (RuntimeException e) {
            LOG.warnf("tests interrupted by the last stop are not reported: the stress journal is unreadable: %s",
                    e.getMessage());
        }
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
        finish(command, result);
    }

    private void refuse(StressCommand command, String reason) {
        finish(command, StressResult.refused(command.request(), reason, clock.instant()));
    }

    /** Journals the report, the answer to the RUN read again, then sends it. */
    private void finish(StressCommand command, StressResult result) {
        StressReport report = new StressReport(StressRequest.SCHEMA_VERSION, command.commandId(), hostId, result);
        try {
            journal.finished(command, report);
        } catch (RuntimeException e) {
            LOG.warnf("the report of stress command %s is not journaled: %s", command.commandId(), e.getMessage());
        }
        reports.accept(report);
    }

    private void forgetExpired() {
        Instant now = clock.instant();
        if (lastForgotten.plus(FORGET_EVERY).isAfter(now)) {
            return;
        }
        lastForgotten = now;
        try {
            journal.forgetExpired(now);
        } catch (RuntimeException e) {
            LOG.warnf("expired stress journal entries not removed: %s", e.getMessage());
        }
    }
}
