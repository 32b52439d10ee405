package dev.tcpfleet.agent.procfs;

import java.net.InetAddress;
import java.nio.ByteOrder;

/** Formats the kernel's address words from the tcp tables as {@code ss} prints addresses. */
public final class InetAddresses {
    // Each 32-bit word holds four address bytes in memory order, printed as a native integer.
    private static final boolean LITTLE_ENDIAN = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;

    private InetAddresses() {
    }

    /** Byte {@code i} (0..3) of a word, in network order. */
    static int byteOf(int word, int i) {
        int shift = LITTLE_ENDIAN ? i * 8 : (3 - i) * 8;
        return (word >>> shift) & 0xFF;
    }

    /** True for {@code ::ffff:a.b.c.d}, the form IPv4 peers of a dual-stack socket take. */
    public static boolean isV4Mapped(int[] words) {
        return words[0] == 0 && words[1] == 0 && byteOf(words[2], 0) == 0 && byteOf(words[2], 1) == 0
                && byteOf(words[2], 2) == 0xFF && byteOf(words[2], 3) == 0xFF;
    }

    public static String ipv4(int word) {
        return byteOf(word, 0) + "." + byteOf(word, 1) + "." + byteOf(word, 2) + "." + byteOf(word, 3);
    }

    /** RFC 5952 text: lower case, the longest run of two or more zero groups as {@code ::}. */
    public static String ipv6(int[] words) {
        int[] groups = new int[8];
        for (int g = 0; g < 8; g++) {
            int word = words[g / 2];
            int first = (g % 2) * 2;
            groups[g] = (byteOf(word, first) << 8) | byteOf(word, first + 1);
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int g = 0; g < 8; ) {
            if (groups[g] != 0) {
                g++;
                continue;
            }
            int start = g;
            while (g < 8 && groups[g] == 0) {
                g++;
            }
            if (g - start > bestLength) {
                bestStart = start;
                bestLength = g - start;
            }
        }
        StringBuilder text = new StringBuilder(39);
        for (int g = 0; g < 8; g++) {
            if (g == bestStart) {
                text.append("::");
                g += bestLength - 1;
                continue;
            }
            if (text.length() > 0 && text.charAt(text.length() - 1) != ':') {
                text.append(':');
            }
            text.append(Integer.toHexString(groups[g]));
        }
        return text.toString();
    }

    /** IPv4 as dotted quad, IPv4-mapped IPv6 as IPv4 too, other IPv6 compressed. */
    public static String format(boolean ipv6, int[] words) {
        if (!ipv6) {
            return ipv4(words[0]);
        }
        return isV4Mapped(words) ? ipv4(words[3]) : ipv6(words);
    }

    /** {@code address} as {@link #format(boolean, int[])} prints it, so a socket's peer can be compared as text. */
    public static String format(InetAddress address) {
        byte[] bytes = address.getAddress();
        int[] words = new int[4];
        for (int i = 0; i < bytes.length; i++) {
            int shift = LITTLE_ENDIAN ? (i % 4) * 8 : (3 - i % 4) * 8;
            words[i / 4] |= (bytes[i] & 0xFF) << shift;
        }
        return format(bytes.length == 16, words);
    }
}
