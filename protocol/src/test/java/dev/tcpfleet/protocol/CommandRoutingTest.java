package dev.tcpfleet.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;

class CommandRoutingTest {

    @Test
    void agreesWithKafkasDefaultPartitionerForKeyedRecords() {
        for (int i = 0; i < 2_000; i++) {
            String hostId = i % 2 == 0 ? UUID.randomUUID().toString() : "host-" + i + "-é";
            byte[] key = hostId.getBytes(StandardCharsets.UTF_8);
            for (int partitions : new int[] {1, 3, 64, 1000}) {
                assertEquals(Utils.toPositive(Utils.murmur2(key)) % partitions,
                        CommandRouting.partitionFor(hostId, partitions), hostId);
            }
        }
    }

    @Test
    void refusesAnEmptyTopic() {
        assertThrows(IllegalArgumentException.class, () -> CommandRouting.partitionFor("h", 0));
    }
}
