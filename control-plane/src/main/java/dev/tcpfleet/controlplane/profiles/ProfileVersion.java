package dev.tcpfleet.controlplane.profiles;

import dev.tcpfleet.domain.profiles.SysctlProfile;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.Map;
import org.hibernate.annotations.Generated;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** One stored version of a profile. Only {@link #deletedAt} ever changes after the insert. */
@Entity
@Table(name = "profile_versions")
@IdClass(ProfileVersion.Key.class)
public class ProfileVersion extends PanacheEntityBase {
    @Id
    public String name;

    @Id
    public int version;

    public String description;

    @JdbcTypeCode(SqlTypes.JSON)
    public Map<String, String> settings;

    @Generated
    @Column(name = "created_at", insertable = false, updatable = false)
    public Instant createdAt;

    @Column(name = "deleted_at")
    public Instant deletedAt;

    public record Key(String name, int version) implements Serializable {
    }

    static ProfileVersion of(SysctlProfile profile) {
        ProfileVersion row = new ProfileVersion();
        row.name = profile.name();
        row.version = profile.version();
        row.description = profile.description();
        row.settings = profile.settings();
        return row;
    }

    SysctlProfile profile() {
        return new SysctlProfile(name, version, description, settings);
    }
}
