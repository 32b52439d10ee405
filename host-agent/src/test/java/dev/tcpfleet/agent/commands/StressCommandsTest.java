package dev.tcpfleet.agent.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tcpfleet.agent.procfs.ProcFs;
import dev.tcpfleet.agent.stress.HeadroomReader;
import dev.tcpfleet.agent.stress.StressGuardrails;
import dev.tcpfleet.agent.stress.StressLimits;
import dev.tcpfleet.agent.stress.StressService;
import dev.tcpfleet.domain.stress.TargetAllowlist;
import dev.tcpfleet.protocol.ProtocolJson;
import dev.tcpfleet.protocol.commands.CommandSignatures;
import dev.tcpfleet.protocol.commands.StressCommand;
import dev.tcpfleet.protocol.stress.StressKind;
import dev.tcpfleet.protocol.stress.StressReport;
import dev.tcpfleet.protocol.stress.StressRequest;
import dev.tcpfleet.protocol.stress.StressResult;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Signed stress commands through the handler to a real test against a loopback listener that never accepts: its
 * connections complete in the kernel's backlog and then wait for a reply that never comes, so a test runs until
 * stopped (or its duration cap). Each handler journals in {@code state}; a new one over it is the agent restarted.
 */
class StressCommandsTest {
    private final KeyPair keys = CommandSignatures.generateKeys();
    private final BlockingQueue<StressReport> reports = new LinkedBlockingQueue<>();
    private ServerSocket silent;
    private StressService service;
    private CommandHandler handler;
    private StressCommandRunner runner;

    @TempDir
    Path state;

    @BeforeEach
    void start() throws IOException {
        silent = new ServerSocket();
        silent.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        service = new StressService(StressGuardrails.fleet(StressLimits.defaults(),
                TargetAllowlist.of(List.of("127.0.0.1/32"), List.of(String.valueOf(silent.getLocalPort())))),
                new HeadroomReader(new ProcFs(Path.of("/proc"))), Clock.systemUTC());
        handler = restarted(Clock.systemUTC());
    }

    /** A handler over the same journal, as after the agent restarted, seeing {@code clock}. */
    private CommandHandler restarted(Clock clock) {
        runner = new StressCommandRunner("h-1", service, new StressJournal(state), reports::add, clock);
        return new CommandHandler("h-1", keys.getPublic(), null, runner, clock);
    }

    @AfterEach
    void stop() throws IOException {
        silent.close();
    }

    private static StressCommand command(String id, String campaign, StressCommand.Action action, int port) {
        return command(id, campaign, action, port, 30_000);
    }

    private static StressCommand command(String id, String campaign, StressCommand.Action action, int port,
            long capMillis) {
        Instant now = Instant.now();
        StressRequest request = action == StressCommand.Action.STOP ? null
                : new StressRequest(StressRequest.SCHEMA_VERSION, campaign, StressKind.CONNECT_LOAD, "127.0.0.1", port,
                        4, 4, 100, "ping", null, 1, 30_000, capMillis);
        return new StressCommand(StressCommand.SCHEMA_VERSION, id, "h-1", campaign, action, request, now,
                now.plus(Duration.ofMinutes(1)));
    }

    private void send(StressCommand command) {
        assertTrue(handler.handle(ProtocolJson.write(CommandSignatures.sign(command, keys.getPrivate()))).isEmpty(),
                "a stress command is answered on the stress results topic, not as a tuning result");
    }

    private StressReport next() throws InterruptedException {
        StressReport report = reports.poll(20, TimeUnit.SECONDS);
        assertNotNull(report, "no report within 20 s");
        return report;
    }

    @Test
    void aTargetOffTheAllowlistIsRefusedWithoutAConnection() throws Exception {
        send(command("s-1", "camp-1", StressCommand.Action.RUN, silent.getLocalPort() + 1));

        StressReport report = next();
        assertEquals("s-1", report.commandId());
        assertEquals("camp-1", report.result().testId());
        assertTrue(report.result().refusal().contains("is not in this host's stress-test allowlist"
                + " (tcpfleet.agent.stress.allow-ports, env TCPFLEET_AGENT_STRESS_ALLOW_PORTS: add "),
                report.result().refusal());
        assertEquals(0, report.result().attempted());
    }

    @Test
    void aSecondTestWhileOneRunsIsRefusedAndAStopEndsTheFirstWithWhatItDid() throws Exception {
        send(command("s-1", "camp-1", StressCommand.Action.RUN, silent.getLocalPort()));
        send(command("s-2", "camp-2", StressCommand.Action.RUN, silent.getLocalPort()));

        StressReport second = next();
        assertEquals("s-2", second.commandId());
        assertTrue(second.result().refusal().contains("(campaign camp-1) is running"), second.result().refusal());

        send(command("s-3", "camp-2", StressCommand.Action.STOP, 0));
        assertNull(reports.poll(1, TimeUnit.SECONDS), "a stop for another campaign leaves the test running");

        send(command("s-4", "camp-1", StressCommand.Action.STOP, 0));
        StressReport first = next();
        assertEquals("s-1", first.commandId());
        assertNull(first.result().refusal());
        assertEquals(4, first.result().attempted());
        assertEquals(4, first.result().cutShort());
        assertTrue(first.result().elapsedMillis() < 20_000, "stopped early, not at its 30 s cap");

        send(command("s-5", "camp-3", StressCommand.Action.RUN, silent.getLocalPort() + 1));
        assertTrue(next().result().refusal().contains("allowlist"), "the next test runs once the first has ended");
    }

    @Test
    void aRunReadAgainIsAnsweredFromTheJournalAndItsTestRunsOnce() throws Exception {
        StressCommand run = command("s-1", "camp-1", StressCommand.Action.RUN, silent.getLocalPort(), 1_000);
        send(run);
        send(run); // a redelivery while it runs: nothing new, not "another test is running"

        StressReport first = next();
        assertEquals("s-1", first.commandId());
        assertNull(first.result().refusal());
        assertEquals(4, first.result().attempted());
        assertNull(reports.poll(500, TimeUnit.MILLISECONDS), "one test, one report");

        send(run); // a replay once it has ended
        assertEquals(first, next(), "the recorded report again, not a second test");
        handler = restarted(Clock.systemUTC());
        send(run); // and after a restart
        assertEquals(first, next());
    }

    @Test
    void aRunOfAStoppedCampaignIsRefusedEvenIfGenuineAndStillValidAndAfterARestart() throws Exception {
        send(command("s-1-stop", "camp-1", StressCommand.Action.STOP, 0));
        send(command("s-1", "camp-1", StressCommand.Action.RUN, silent.getLocalPort()));

        StressReport refused = next();
        assertEquals("s-1", refused.commandId());
        assertTrue(refused.result().refusal().startsWith("campaign camp-1 was stopped at "),
                refused.result().refusal());
        assertTrue(refused.result().refusal().contains("(command s-1-stop): its tests do not start again"),
                refused.result().refusal());
        assertEquals(0, refused.result().attempted());

        handler = restarted(Clock.systemUTC());
        send(command("s-2", "camp-1", StressCommand.Action.RUN, silent.getLocalPort()));
        assertTrue(next().result().refusal().startsWith("campaign camp-1 was stopped"));
        send(command("s-3", "camp-2", StressCommand.Action.RUN, silent.getLocalPort() + 1));
        assertTrue(next().result().refusal().contains("allowlist"), "other campaigns run as before");
    }

    @Test
    void aTestTheAgentStoppedDuringIsReportedAtTheNextStartAndNotRunAgain() throws Exception {
        StressCommand run = command("s-1", "camp-1", StressCommand.Action.RUN, silent.getLocalPort());
        new StressJournal(state).started(run); // journaled, then the agent died mid-test

        handler = restarted(Clock.systemUTC());
        runner.recover();
        StressReport interrupted = next();
        assertEquals("s-1", interrupted.commandId());
        assertEquals("the agent stopped while this test ran; it is not run again", interrupted.result().refusal());

        send(run);
        assertEquals(interrupted, next());
    }

    @Test
    void anExpiredRunTakenBeforeItExpiredIsAnsweredFromTheJournalAndOneNeverTakenIsRefused() throws Exception {
        StressCommand taken = command("s-1", "camp-1", StressCommand.Action.RUN, silent.getLocalPort() + 1);
        send(taken);
        StressReport report = next();
        CommandHandler later = restarted(Clock.fixed(taken.expiresAt().plusSeconds(1), ZoneOffset.UTC));

        assertTrue(later.handle(signed(taken)).isEmpty());
        assertEquals(report, next());
        StressCommand never = command("s-2", "camp-2", StressCommand.Action.RUN, silent.getLocalPort());
        assertEquals("expired at " + never.expiresAt(), later.handle(signed(never)).orElseThrow().reasons().get(0));
        assertNull(reports.poll(200, TimeUnit.MILLISECONDS));
    }

    @Test
    void aRunWhoseJournalEntryCannotBeReadIsRefusedNotRun() throws Exception {
        Files.writeString(state.resolve("run-s-1.json"), "{ half-written");

        send(command("s-1", "camp-1", StressCommand.Action.RUN, silent.getLocalPort()));

        StressReport refused = next();
        assertTrue(refused.result().refusal().startsWith("the agent could not read its stress journal"),
                refused.result().refusal());
        assertEquals(0, refused.result().attempted());
        send(command("s-2", "camp-2", StressCommand.Action.RUN, silent.getLocalPort() + 1));
        assertTrue(next().result().refusal().contains("allowlist"), "the next command is taken as usual");
    }

    @Test
    void theJournalForgetsEntriesOnceEveryCommandThatCouldCarryTheirIdHasExpired() {
        StressJournal journal = new StressJournal(state);
        StressCommand finished = command("s-1", "camp-1", StressCommand.Action.RUN, 9);
        StressCommand running = command("s-2", "camp-2", StressCommand.Action.RUN, 9);
        StressCommand stop = new StressCommand(StressCommand.SCHEMA_VERSION, "s-3-stop", "h-1", "camp-3",
                StressCommand.Action.STOP, null, finished.issuedAt(), finished.expiresAt().plusSeconds(60));
        journal.started(finished);
        journal.finished(finished, new StressReport(StressRequest.SCHEMA_VERSION, "s-1", "h-1",
                StressResult.refused(finished.request(), "x", Instant.now())));
        journal.started(running);
        journal.stopped(stop, Instant.now());

        assertEquals(0, journal.forgetExpired(finished.expiresAt().minusMillis(1)));
        assertEquals(1, journal.forgetExpired(finished.expiresAt()));
        assertTrue(journal.run("s-1").isEmpty());
        assertTrue(journal.run("s-2").isPresent(), "a test with no report yet is kept");
        assertTrue(journal.stop("camp-3").isPresent(), "a stop outlives the RUNs of its campaign");
        assertEquals(1, journal.forgetExpired(stop.expiresAt()));
        assertTrue(journal.stop("camp-3").isEmpty());
    }

    private byte[] signed(StressCommand command) {
        return ProtocolJson.write(CommandSignatures.sign(command, keys.getPrivate()));
    }
}
