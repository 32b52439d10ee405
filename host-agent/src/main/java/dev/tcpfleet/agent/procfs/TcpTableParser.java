package dev.tcpfleet.agent.procfs;

import java.io.IOException;
import java.io.InputStream;
import java.util.function.Consumer;

/**
 * Streams /proc/net/tcp and /proc/net/tcp6 line by line as bytes, without building a string per line:
 * at 100,000 sockets the table is megabytes and is read every few seconds.
 *
 * <p>A line that does not parse (truncated read, a future kernel's format) is skipped and counted,
 * never fatal.
 */
public final class TcpTableParser {
    private static final int BUFFER_SIZE = 64 * 1024;

    private final byte[] buffer = new byte[BUFFER_SIZE];
    private final TcpRow row = new TcpRow();

    /** What one table held. */
    public record Result(int rows, int malformedLines) {
    }

    /**
     * Reads every line after the header, calling {@code visitor} with the same {@link TcpRow} instance
     * filled for each socket.
     */
    public Result parse(InputStream in, Consumer<TcpRow> visitor) throws IOException {
        int rows = 0;
        int malformed = 0;
        boolean header = true;
        int start = 0;
        int end = 0;
        while (true) {
            int read = in.read(buffer, end, buffer.length - end);
            if (read < 0) {
                break;
            }
            end += read;
            // bytes [0, start) are the current line's beginning, already scanned for a newline
            int lineStart = 0;
            for (int i = start; i < end; i++) {
                if (buffer[i] == '\n') {
                    if (header) {
                        header = false;
                    } else if (parseLine(buffer, lineStart, i)) {
                        rows++;
                        visitor.accept(row);
                    } else if (i > lineStart) {
                        malformed++;
                    }
                    lineStart = i + 1;
                }
            }
            if (lineStart == 0 && end == buffer.length) {
                // a line longer than the buffer is nothing the kernel writes: drop it
                malformed++;
                end = 0;
                start = 0;
                continue;
            }
            System.arraycopy(buffer, lineStart, buffer, 0, end - lineStart);
            end -= lineStart;
            start = end;
        }
        if (end > 0 && !header) {
            // the table's last line without a newline: the read was cut short
            if (parseLine(buffer, 0, end)) {
                rows++;
                visitor.accept(row);
            } else {
                malformed++;
            }
        }
        return new Result(rows, malformed);
    }

    /** Fields: sl local rem st tx:rx tr:when retrnsmt uid timeout inode ... */
    private boolean parseLine(byte[] b, int from, int to) {
        Cursor c = cursor.reset(b, from, to);
        if (!c.skipSpaces() || !c.skipPast((byte) ':')) {
            return false;
        }
        c.skipSpaces();
        int localStart = c.pos;
        if (!c.skipToken()) {
            return false;
        }
        int localLength = c.pos - localStart;
        if (localLength == 13) {
            row.ipv6 = false;
        } else if (localLength == 37) {
            row.ipv6 = true;
        } else {
            return false;
        }
        if (!address(b, localStart, row.ipv6, row.localAddress)) {
            return false;
        }
        row.localPort = (int) hex(b, localStart + localLength - 4, 4);
        if (row.localPort < 0) {
            return false;
        }
        c.skipSpaces();
        int remoteStart = c.pos;
        if (!c.skipToken() || c.pos - remoteStart != localLength || !address(b, remoteStart, row.ipv6, row.remoteAddress)) {
            return false;
        }
        row.remotePort = (int) hex(b, remoteStart + localLength - 4, 4);
        if (row.remotePort < 0) {
            return false;
        }
        c.skipSpaces();
        long state = c.hexToken();
        if (state < 0 || state > 0xFF) {
            return false;
        }
        row.state = (int) state;
        c.skipSpaces();
        long tx = c.hexUntil((byte) ':');
        long rx = c.hexToken();
        if (tx < 0 || rx < 0) {
            return false;
        }
        row.txQueue = tx;
        row.rxQueue = rx;
        // tr:tm->when and retrnsmt
        if (!c.skipSpaces() || !c.skipToken() || !c.skipSpaces() || !c.skipToken() || !c.skipSpaces()) {
            return false;
        }
        long uid = c.decimalToken();
        if (uid < 0 || uid > 0xFFFF_FFFFL || !c.skipSpaces() || !c.skipToken() || !c.skipSpaces()) {
            return false;
        }
        row.uid = uid;
        long inode = c.decimalToken();
        if (inode < 0) {
            return false;
        }
        row.inode = inode;
        return true;
    }

    private final Cursor cursor = new Cursor();

    private static boolean address(byte[] b, int start, boolean ipv6, int[] words) {
        int count = ipv6 ? 4 : 1;
        for (int w = 0; w < count; w++) {
            long word = hex(b, start + w * 8, 8);
            if (word < 0) {
                return false;
            }
            words[w] = (int) word;
        }
        for (int w = count; w < 4; w++) {
            words[w] = 0;
        }
        return b[start + count * 8] == ':';
    }

    private static long hex(byte[] b, int start, int length) {
        long value = 0;
        for (int i = start; i < start + length; i++) {
            int digit = hexDigit(b[i]);
            if (digit < 0) {
                return -1;
            }
            value = (value << 4) | digit;
        }
        return value;
    }

    private static int hexDigit(byte c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        return -1;
    }

    /** A position in one line; every method stops at the line's end instead of running past it. */
    private static final class Cursor {
        private byte[] b;
        private int pos;
        private int end;

        Cursor reset(byte[] bytes, int from, int to) {
            this.b = bytes;
            this.pos = from;
            this.end = to;
            return this;
        }

        /** True while something follows the spaces. */
        boolean skipSpaces() {
            while (pos < end && (b[pos] == ' ' || b[pos] == '\t')) {
                pos++;
            }
            return pos < end;
        }

        boolean skipPast(byte delimiter) {
            while (pos < end && b[pos] != delimiter) {
                pos++;
            }
            if (pos == end) {
                return false;
            }
            pos++;
            return true;
        }

        boolean skipToken() {
            int start = pos;
            while (pos < end && b[pos] != ' ' && b[pos] != '\t') {
                pos++;
            }
            return pos > start;
        }

        long hexToken() {
            return number(16, (byte) ' ');
        }

        long hexUntil(byte delimiter) {
            long value = number(16, delimiter);
            if (value < 0 || pos >= end || b[pos] != delimiter) {
                return -1;
            }
            pos++;
            return value;
        }

        long decimalToken() {
            return number(10, (byte) ' ');
        }

        private long number(int radix, byte delimiter) {
            int start = pos;
            long value = 0;
            while (pos < end && b[pos] != ' ' && b[pos] != '\t' && b[pos] != delimiter) {
                int digit = radix == 16 ? hexDigit(b[pos]) : (b[pos] >= '0' && b[pos] <= '9' ? b[pos] - '0' : -1);
                if (digit < 0 || value > (Long.MAX_VALUE >> 4)) {
                    return -1;
                }
                value = value * radix + digit;
                pos++;
            }
            return pos > start ? value : -1;
        }
    }
}
