package dev.tcpfleet.controlplane.hosts;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Map;
import org.hibernate.annotations.Formula;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A host that has reported at least once. Written only by {@link HostRegistry}'s upsert. */
@Entity
@Table(name = "hosts")
public class Host extends PanacheEntityBase {
    @Id
    public String id;

    public String hostname;

    @JdbcTypeCode(SqlTypes.JSON)
    public Map<String, String> labels;

    @Column(name = "agent_version")
    public String agentVersion;

    @Column(name = "first_seen")
    public Instant firstSeen;

    @Column(name = "last_seen")
    public Instant lastSeen;

    /** Its enrolment's status (see enrolment/): only an accepted host may be chosen for fleet work. */
    @Formula("(SELECT e.status FROM host_enrolments e WHERE e.host_id = id)")
    public String enrolment;

    public boolean accepted() {
        return "accepted".equals(enrolment);
    }
}
