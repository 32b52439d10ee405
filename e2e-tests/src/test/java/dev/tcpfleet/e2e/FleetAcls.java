package dev.tcpfleet.e2e;

import dev.tcpfleet.protocol.Topics;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * The Kafka ACLs of a tcpfleet fleet, the same as README's {@code kafka-acls.sh} commands and the compose file's
 * {@code kafka-acls} service grant: what an agent and what the control plane may do, and nothing more. READ and WRITE
 * imply DESCRIBE; an idempotent producer needs no more than WRITE on a topic (Kafka 3.0 and later).
 */
final class FleetAcls {
    /** The control plane's consumer group, as its application.properties sets it on each incoming channel. */
    static final String CONTROL_PLANE_GROUP = "tcpfleet-control-plane";

    private FleetAcls() {
    }

    /**
     * An agent writes its snapshots, results and the dead letters of its command partition, and reads commands with
     * its own group ({@link Topics#AGENT_GROUP_PREFIX} and its host id).
     */
    static List<AclBinding> agent(String user) {
        List<AclBinding> acls = new ArrayList<>();
        for (String topic : List.of(Topics.SNAPSHOTS, Topics.COMMAND_RESULTS, Topics.STRESS_RESULTS,
                Topics.DEAD_LETTERS)) {
            acls.add(allow(user, ResourceType.TOPIC, topic, PatternType.LITERAL, AclOperation.WRITE));
        }
        acls.add(allow(user, ResourceType.TOPIC, Topics.COMMANDS, PatternType.LITERAL, AclOperation.READ));
        acls.add(allow(user, ResourceType.GROUP, Topics.AGENT_GROUP_PREFIX, PatternType.PREFIXED, AclOperation.READ));
        return acls;
    }

    /**
     * The control plane writes commands, alerts and the dead letters of what it reads; reads snapshots and results
     * with its one group; and creates the command topic with the partition count it is configured with.
     */
    static List<AclBinding> controlPlane(String user) {
        List<AclBinding> acls = new ArrayList<>();
        for (String topic : List.of(Topics.COMMANDS, Topics.ALERTS, Topics.DEAD_LETTERS)) {
            acls.add(allow(user, ResourceType.TOPIC, topic, PatternType.LITERAL, AclOperation.WRITE));
        }
        for (String topic : List.of(Topics.SNAPSHOTS, Topics.COMMAND_RESULTS, Topics.STRESS_RESULTS)) {
            acls.add(allow(user, ResourceType.TOPIC, topic, PatternType.LITERAL, AclOperation.READ));
        }
        acls.add(allow(user, ResourceType.TOPIC, Topics.COMMANDS, PatternType.LITERAL, AclOperation.CREATE));
        acls.add(allow(user, ResourceType.GROUP, CONTROL_PLANE_GROUP, PatternType.LITERAL, AclOperation.READ));
        return acls;
    }

    private static AclBinding allow(String user, ResourceType type, String name, PatternType pattern,
            AclOperation operation) {
        return new AclBinding(new ResourcePattern(type, name, pattern),
                new AccessControlEntry("User:" + user, "*", operation, AclPermissionType.ALLOW));
    }
}
