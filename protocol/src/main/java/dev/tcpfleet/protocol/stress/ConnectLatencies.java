package dev.tcpfleet.protocol.stress;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;

/**
 * Connect latencies in microseconds as they travel in a {@link StressResult}: an HdrHistogram in its compressed
 * encoding, base64. Histograms add up bucket by bucket, so the control plane's fleet-wide percentiles are
 * exactly those of one histogram that saw every connect, which averaging hosts' percentiles would not be.
 */
public final class ConnectLatencies {
    /** Three digits: a value is kept within 0.1%, e.g. 1,000 us ± 1 us, at any magnitude. */
    public static final int SIGNIFICANT_DIGITS = 3;

    private ConnectLatencies() {
    }

    /** An empty histogram that grows to whatever latencies it is given. */
    public static Histogram newHistogram() {
        return new Histogram(SIGNIFICANT_DIGITS);
    }

    public static String encode(Histogram histogram) {
        ByteBuffer buffer = ByteBuffer.allocate(histogram.getNeededByteBufferCapacity());
        int length = histogram.encodeIntoCompressedByteBuffer(buffer);
        return Base64.getEncoder().encodeToString(Arrays.copyOf(buffer.array(), length));
    }

    /** The histogram {@link #encode} wrote; {@link IllegalArgumentException} when {@code encoded} is none. */
    public static Histogram decode(String encoded) {
        try {
            byte[] bytes = Base64.getDecoder().decode(encoded);
            return Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(bytes), 0);
        } catch (DataFormatException | RuntimeException e) {
            throw new IllegalArgumentException("not an encoded latency histogram: " + e.getMessage(), e);
        }
    }

    /** One histogram holding every value of the {@code encoded} ones. */
    public static Histogram merge(Collection<String> encoded) {
        Histogram merged = newHistogram();
        for (String histogram : encoded) {
            merged.add(decode(histogram));
        }
        return merged;
    }
}
