package dev.tcpfleet.agent.procfs;

import dev.tcpfleet.domain.sysctl.SysctlCatalogue;
import dev.tcpfleet.protocol.SocketMemory;
import dev.tcpfleet.protocol.SocketMemory.TcpMemLimits;
import java.lang.reflect.Field;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@link SocketMemory} from {@code /proc/net/sockstat}, {@code sockstat6} and {@code net.ipv4.tcp_mem}: socket
 * counts and TCP buffer memory without walking the socket tables.
 */
public final class SockstatReader {
    public static final String SOCKSTAT = "net/sockstat";
    public static final String SOCKSTAT6 = "net/sockstat6";
    public static final String TCP_MEM = "sys/net/ipv4/tcp_mem";

    private static final String FIGURE = "socketMemory";
    private static final List<String> TCP_FIGURES = List.of("inuse", "orphan", "tw", "alloc", "mem");
    private static final long FALLBACK_PAGE_SIZE = 4096;

    private final ProcFs procFs;
    private final long pageSize;

    /** @param pageSize bytes per page on the host whose /proc this is; see {@link #pageSize()} */
    public SockstatReader(ProcFs procFs, long pageSize) {
        this.procFs = procFs;
        this.pageSize = pageSize;
    }

    /**
     * The figures, or null when {@code net/sockstat} has no complete {@code TCP:} line. Without {@code sockstat6}
     * (IPv6 disabled) {@code tcp6InUse} is 0; without {@code tcp_mem} the limits are null. All three are reported.
     */
    public SocketMemory read(Map<String, String> unavailable) {
        Map<String, Long> tcp = ProcText.readFigure(procFs, SOCKSTAT, FIGURE, SockstatReader::completeTcpLine,
                "no complete TCP: line", unavailable);
        if (tcp == null) {
            return null;
        }
        Long tcp6InUse = ProcText.readFigure(procFs, SOCKSTAT6, FIGURE + ".tcp6InUse",
                content -> protocolFigures(content, "TCP6").get("inuse"), "no TCP6: inuse", unavailable);
        TcpMemLimits limits = ProcText.readFigure(procFs, TCP_MEM, FIGURE + ".limits", SockstatReader::parseTcpMem,
                "not three numbers", TCP_MEM + ": " + SysctlReader.absentReason(SysctlCatalogue.TCP_MEM), unavailable);
        return new SocketMemory(tcp.get("inuse"), tcp6InUse == null ? 0 : tcp6InUse, tcp.get("orphan"), tcp.get("tw"),
                tcp.get("alloc"), tcp.get("mem"), pageSize, limits);
    }

    /**
     * The {@code name value} pairs of {@code protocol}'s line, e.g. {@code TCP: inuse 11 orphan 0 tw 2} →
     * {inuse=11, orphan=0, tw=2}; a pair whose value is not a number is left out, as is a last name cut off
     * from its value.
     */
    public static Map<String, Long> protocolFigures(String content, String protocol) {
        String prefix = protocol + ":";
        Map<String, Long> figures = new TreeMap<>();
        for (String line : content.split("\n")) {
            if (line.startsWith(prefix)) {
                String[] fields = ProcText.fields(line.substring(prefix.length()));
                for (int i = 0; i + 1 < fields.length; i += 2) {
                    Long value = ProcText.parseLong(fields[i + 1]);
                    if (value != null) {
                        figures.putIfAbsent(fields[i], value);
                    }
                }
                break;
            }
        }
        return figures;
    }

    private static Map<String, Long> completeTcpLine(String sockstat) {
        Map<String, Long> tcp = protocolFigures(sockstat, "TCP");
        return tcp.keySet().containsAll(TCP_FIGURES) ? tcp : null;
    }

    /** {@code net.ipv4.tcp_mem}'s three page counts, or null when it is not three numbers. */
    public static TcpMemLimits parseTcpMem(String content) {
        long[] pages = ProcText.leadingNumbers(content, 3);
        return pages == null ? null : new TcpMemLimits(pages[0], pages[1], pages[2]);
    }

    /**
     * This machine's page size. The JDK knows it only through {@code sun.misc.Unsafe} (module jdk.unsupported,
     * reached by reflection so the build needs no internal API); where that is closed, 4096, the page size of
     * x86-64 and of most arm64 kernels.
     */
    public static long pageSize() {
        try {
            Class<?> unsafeClass = Class.forName("sun.misc.Unsafe");
            Field theUnsafe = unsafeClass.getDeclaredField("theUnsafe");
            theUnsafe.setAccessible(true);
            return ((Number) unsafeClass.getMethod("pageSize").invoke(theUnsafe.get(null))).longValue();
        } catch (ReflectiveOperationException | RuntimeException e) {
            return FALLBACK_PAGE_SIZE;
        }
    }
}
