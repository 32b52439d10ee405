package dev.tcpfleet.protocol;

import java.nio.charset.StandardCharsets;

/**
 * Which partition of {@link Topics#COMMANDS} carries a host's commands.
 *
 * <p>It is Kafka's default partitioner for a keyed record (murmur2 of the key bytes), written out here
 * so that an agent can assign itself exactly that partition without a consumer group rebalance, and so
 * that both sides agree without either calling into Kafka's internals.
 */
public final class CommandRouting {
    private CommandRouting() {
    }

    public static int partitionFor(String hostId, int partitionCount) {
        if (partitionCount <= 0) {
            throw new IllegalArgumentException("partitionCount must be positive, was " + partitionCount);
        }
        return (murmur2(hostId.getBytes(StandardCharsets.UTF_8)) & 0x7fffffff) % partitionCount;
    }

    /** Kafka's murmur2 (org.apache.kafka.common.utils.Utils#murmur2), seed 0x9747b28c. */
    static int murmur2(byte[] data) {
        int length = data.length;
        int seed = 0x9747b28c;
        final int m = 0x5bd1e995;
        final int r = 24;
        int h = seed ^ length;
        int length4 = length / 4;
        for (int i = 0; i < length4; i++) {
            final int i4 = i * 4;
            int k = (data[i4] & 0xff) + ((data[i4 + 1] & 0xff) << 8)
                    + ((data[i4 + 2] & 0xff) << 16) + ((data[i4 + 3] & 0xff) << 24);
            k *= m;
            k ^= k >>> r;
            k *= m;
            h *= m;
            h ^= k;
        }
        switch (length % 4) {
            case 3:
                h ^= (data[(length & ~3) + 2] & 0xff) << 16;
            case 2:
                h ^= (data[(length & ~3) + 1] & 0xff) << 8;
            case 1:
                h ^= data[length & ~3] & 0xff;
                h *= m;
            default:
                break;
        }
        h ^= h >>> 13;
        h *= m;
        h ^= h >>> 15;
        return h;
    }
}
