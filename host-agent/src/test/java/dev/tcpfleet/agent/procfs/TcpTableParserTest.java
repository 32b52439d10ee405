package dev.tcpfleet.agent.procfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

public class TcpTableParserTest {
    public static final String TCP_HEADER = "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n";
    public static final String LISTEN_8080 =
            "   0: 0100007F:1F90 00000000:0000 0A 00000000:00000003 00:00000000 00000000     0        0 41234 1 0000000000000000 100 0 0 10 0\n";
    public static final String ESTABLISHED =
            "   1: 0100007F:1F90 0100007F:D431 01 00000010:00000000 02:000A3E80 00000000  1000        0 41300 1 0000000000000000 20 4 30 10 -1\n";
    public static final String TIME_WAIT =
            "   2: 0100007F:D432 0100007F:1F90 06 00000000:00000000 03:00000F9E 00000000     0        0 0 3 0000000000000000\n";
    public static final String TCP6_HEADER = "  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n";
    public static final String LISTEN6 =
            "   0: 00000000000000000000000001000000:0050 00000000000000000000000000000000:0000 0A 00000000:00000080 00:00000000 00000000     0        0 5555 1 0000000000000000 100 0 0 10 0\n";
    public static final String MAPPED_V4 =
            "   1: 0000000000000000FFFF00000100007F:1F90 0000000000000000FFFF00000100007F:C350 01 00000000:00000000 00:00000000 00000000    33        0 6666 1 0000000000000000 20 4 30 10 -1\n";

    private final TcpTableParser parser = new TcpTableParser();

    private record Seen(boolean ipv6, int w0, int w3, int localPort, int remotePort, int state, long tx, long rx, long uid, long inode) {
    }

    private List<Seen> parse(InputStream in, int[] malformed) throws IOException {
        List<Seen> seen = new ArrayList<>();
        TcpTableParser.Result result = parser.parse(in, row -> seen.add(new Seen(row.ipv6(), row.localAddressWord(0),
                row.localAddressWord(3), row.localPort(), row.remotePort(), row.state(), row.txQueue(), row.rxQueue(),
                row.uid(), row.inode())));
        assertEquals(seen.size(), result.rows());
        malformed[0] = result.malformedLines();
        return seen;
    }

    private List<Seen> parse(String text, int[] malformed) throws IOException {
        return parse(new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII)), malformed);
    }

    @Test
    void readsEveryFieldOfIpv4Lines() throws IOException {
        int[] malformed = new int[1];
        List<Seen> rows = parse(TCP_HEADER + LISTEN_8080 + ESTABLISHED + TIME_WAIT, malformed);
        assertEquals(List.of(
                new Seen(false, 0x0100007F, 0, 8080, 0, 0x0A, 0, 3, 0, 41234),
                new Seen(false, 0x0100007F, 0, 8080, 0xD431, 0x01, 16, 0, 1000, 41300),
                new Seen(false, 0x0100007F, 0, 0xD432, 8080, 0x06, 0, 0, 0, 0)), rows);
        assertEquals(0, malformed[0]);
    }

    @Test
    void readsIpv6AndV4MappedAddresses() throws IOException {
        int[] malformed = new int[1];
        List<Seen> rows = parse(TCP6_HEADER + LISTEN6 + MAPPED_V4, malformed);
        assertEquals(new Seen(true, 0, 0x01000000, 80, 0, 0x0A, 0, 0x80, 0, 5555), rows.get(0));
        assertEquals(new Seen(true, 0, 0x0100007F, 8080, 50000, 0x01, 0, 0, 33, 6666), rows.get(1));
        assertEquals(0, malformed[0]);
    }

    @Test
    void skipsAndCountsLinesItCannotRead() throws IOException {
        int[] malformed = new int[1];
        String garbage = "   3: ZZZZ\n"
                + "   4: 0100007F:1F90 0100007F:D431\n"
                + "   5: 0100007F:1F90 0000000000000000FFFF00000100007F:C350 01 00000000:00000000 00:00000000 00000000 0 0 1\n"
                + "\n";
        List<Seen> rows = parse(TCP_HEADER + LISTEN_8080 + garbage + ESTABLISHED, malformed);
        assertEquals(2, rows.size());
        assertEquals(3, malformed[0]);
    }

    @Test
    void aTableCutShortMidLineLosesOnlyThatLine() throws IOException {
        int[] malformed = new int[1];
        String cut = ESTABLISHED.substring(0, 40);
        List<Seen> rows = parse(TCP_HEADER + LISTEN_8080 + cut, malformed);
        assertEquals(1, rows.size());
        assertEquals(1, malformed[0]);
    }

    @Test
    void aFinalLineWithoutNewlineStillCounts() throws IOException {
        int[] malformed = new int[1];
        String last = TIME_WAIT.substring(0, TIME_WAIT.length() - 1);
        assertEquals(2, parse(TCP_HEADER + LISTEN_8080 + last, malformed).size());
        assertEquals(0, malformed[0]);
    }

    @Test
    void linesSpanningReadBoundariesParseTheSame() throws IOException {
        StringBuilder table = new StringBuilder(TCP_HEADER);
        for (int i = 0; i < 5_000; i++) {
            table.append(i % 3 == 0 ? LISTEN_8080 : i % 3 == 1 ? ESTABLISHED : TIME_WAIT);
        }
        byte[] bytes = table.toString().getBytes(StandardCharsets.US_ASCII);
        int[] malformed = new int[1];
        List<Seen> whole = parse(new ByteArrayInputStream(bytes), malformed);
        // /proc hands out a page or so per read; make the reads small and uneven
        Random random = new Random(7);
        InputStream trickle = new ByteArrayInputStream(bytes) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, 1 + random.nextInt(700)));
            }
        };
        assertEquals(whole, parse(trickle, malformed));
        assertEquals(5_000, whole.size());
        assertEquals(0, malformed[0]);
    }

    @Test
    void neverThrowsOnArbitraryBytes() throws IOException {
        Random random = new Random(42);
        String alphabet = "0123456789ABCDEFabcdef: \n\t-xZ";
        String[] pieces = {LISTEN_8080, ESTABLISHED, LISTEN6, MAPPED_V4};
        for (int round = 0; round < 2_000; round++) {
            StringBuilder text = new StringBuilder(TCP_HEADER);
            int lines = random.nextInt(20);
            for (int i = 0; i < lines; i++) {
                String piece = pieces[random.nextInt(pieces.length)];
                char[] chars = piece.toCharArray();
                for (int m = random.nextInt(4); m > 0; m--) {
                    chars[random.nextInt(chars.length)] = alphabet.charAt(random.nextInt(alphabet.length()));
                }
                text.append(chars, 0, random.nextInt(chars.length + 1));
            }
            int[] malformed = new int[1];
            List<Seen> rows = parse(text.toString(), malformed);
            for (Seen row : rows) {
                assertTrue(row.localPort() >= 0 && row.localPort() <= 0xFFFF);
                assertTrue(row.state() >= 0 && row.inode() >= 0, row.toString());
            }
        }
    }

    @Test
    void anAbsurdlyLongLineIsDroppedNotBuffered() throws IOException {
        int[] malformed = new int[1];
        String huge = "   9: " + "A".repeat(200_000) + "\n";
        List<Seen> rows = parse(TCP_HEADER + huge + LISTEN_8080, malformed);
        assertEquals(1, rows.size());
        assertFalse(malformed[0] == 0);
    }
}
