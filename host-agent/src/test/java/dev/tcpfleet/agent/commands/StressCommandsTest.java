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
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Signed stress commands through the handler to a real test against a loopback listener that never accepts: its
 * connections complete in the kernel's backlog and then wait for a reply that never comes, so a test runs until
 * stopped.
 */
class StressCommandsTest {
    private final KeyPair keys = CommandSignatures.generateKeys();
    private final BlockingQueue<StressReport> reports = new LinkedBlockingQueue<>();
    private ServerSocket silent;
    private CommandHandler handler;

    @BeforeEach
    void start() throws IOException {
        silent = new ServerSocket();
        silent.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        StressService service = new StressService(StressGuardrails.fleet(StressLimits.defaults(),
                TargetAllowlist.of(List.of("127.0.0.1/32"), List.of(String.valueOf(silent.getLocalPort())))),
                new HeadroomReader(new ProcFs(Path.of("/proc"))), Clock.systemUTC());
        handler = new CommandHandler("h-1", keys.getPublic(), null,
                new StressCommandRunner("h-1", service, reports::add, Clock.systemUTC()), Clock.systemUTC());
    }

    @AfterEach
    void stop() throws IOException {
        silent.close();
    }

    private static StressCommand command(String id, String campaign, StressCommand.Action action, int port) {
        Instant now = Instant.now();
        StressRequest request = action == StressCommand.Action.STOP ? null
                : new StressRequest(StressRequest.SCHEMA_VERSION, campaign, StressKind.CONNECT_LOAD, "127.0.0.1", port,
                        4, 4, 100, "ping", null, 1, 30_000, 30_000);
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
        assertTrue(report.result().refusal().contains("not on this host's stress-test allowlist"),
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
}
