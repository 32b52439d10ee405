package dev.tcpfleet.agent.procfs;

import static dev.tcpfleet.agent.procfs.NetCounterReader.NETSTAT;
import static dev.tcpfleet.agent.procfs.NetCounterReader.SNMP;
import static dev.tcpfleet.agent.procfs.NetCounterReader.TCP_COUNTERS;
import static dev.tcpfleet.agent.procfs.NetCounterReader.TCP_EXT_COUNTERS;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Whatever a file holds (a cut-short read, a future kernel's format, garbage), no parser or reader throws. */
class SmallFileParsersRobustnessTest {
    private static final List<String> CAPTURED_FILES = List.of(SNMP, NETSTAT,
            SockstatReader.SOCKSTAT, SockstatReader.SOCKSTAT6, SockstatReader.TCP_MEM, HostLimitsReader.FILE_NR,
            HostLimitsReader.CONNTRACK_COUNT, HostLimitsReader.CONNTRACK_MAX, LoadAverageReader.LOADAVG,
            SysctlReader.LOCAL_PORT_RANGE, SysctlReader.AVAILABLE_CONGESTION_CONTROL, "sys/net/ipv4/tcp_rmem");
    private static final int ROUNDS = 150;

    private final Random random = new Random(20261125);

    @Test
    void parsersSurviveRandomTruncationsOfTheCapturedFiles() {
        for (String file : CAPTURED_FILES) {
            String content = CapturedProc.content(file);
            for (int round = 0; round < ROUNDS; round++) {
                feedEveryParser(content.substring(0, random.nextInt(content.length() + 1)));
            }
        }
    }

    @Test
    void parsersSurviveGarbage() {
        for (int round = 0; round < ROUNDS; round++) {
            feedEveryParser(new String(garbage(), StandardCharsets.ISO_8859_1));
            feedEveryParser(mutated(CapturedProc.content(CAPTURED_FILES.get(random.nextInt(CAPTURED_FILES.size())))));
        }
    }

    @Test
    void readersSurviveGarbageFiles(@TempDir Path proc) throws IOException {
        ProcFs procFs = new ProcFs(proc);
        for (int round = 0; round < ROUNDS / 10; round++) {
            for (String file : CAPTURED_FILES) {
                Path path = proc.resolve(file);
                Files.createDirectories(path.getParent());
                Files.write(path, random.nextBoolean() ? garbage()
                        : mutated(CapturedProc.content(file)).getBytes(StandardCharsets.ISO_8859_1));
            }
            Map<String, String> unavailable = new HashMap<>();
            assertDoesNotThrow(() -> {
                new NetCounterReader(procFs).read(unavailable);
                new SockstatReader(procFs, 4096).read(unavailable);
                new HostLimitsReader(procFs).read(unavailable);
                new LoadAverageReader(procFs).read(unavailable);
                SysctlReader sysctls = new SysctlReader(procFs);
                assertNotNull(sysctls.read(List.of("net.ipv4.tcp_rmem"), unavailable));
                assertNotNull(sysctls.availableCongestionControl(unavailable));
                sysctls.localPortRange(unavailable);
            });
        }
    }

    private static void feedEveryParser(String content) {
        Map<String, String> unavailable = new HashMap<>();
        List<Consumer<String>> parsers = List.of(
                c -> NetCounterReader.parseSection(c, SNMP, "Tcp", TCP_COUNTERS, unavailable),
                c -> NetCounterReader.parseSection(c, NETSTAT, "TcpExt", TCP_EXT_COUNTERS, unavailable),
                c -> SockstatReader.protocolFigures(c, "TCP"),
                SockstatReader::parseTcpMem,
                HostLimitsReader::parseFileNr,
                HostLimitsReader::parseNumber,
                LoadAverageReader::parse,
                SysctlReader::parsePortRange,
                SysctlReader::parseWords,
                SysctlReader::normalise,
                SysctlReader::path);
        for (Consumer<String> parser : parsers) {
            assertDoesNotThrow(() -> parser.accept(content), () -> "on input: " + content);
        }
    }

    private byte[] garbage() {
        byte[] bytes = new byte[random.nextInt(600)];
        random.nextBytes(bytes);
        return bytes;
    }

    /** The content with a few characters replaced by separators, digits, signs or anything. */
    private String mutated(String content) {
        if (content.isEmpty()) {
            return content;
        }
        char[] chars = content.toCharArray();
        String replacements = " \t\n:-+.0123456789x\u0000\u00ff";
        for (int i = random.nextInt(8); i >= 0; i--) {
            chars[random.nextInt(chars.length)] = replacements.charAt(random.nextInt(replacements.length()));
        }
        return new String(chars).substring(0, random.nextInt(chars.length + 1));
    }
}
