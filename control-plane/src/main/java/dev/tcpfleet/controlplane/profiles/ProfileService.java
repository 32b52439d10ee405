package dev.tcpfleet.controlplane.profiles;

import dev.tcpfleet.controlplane.errors.FieldError;
import dev.tcpfleet.controlplane.errors.Refused;
import dev.tcpfleet.domain.profiles.BuiltInProfiles;
import dev.tcpfleet.domain.profiles.ProfileValidator;
import dev.tcpfleet.domain.profiles.SysctlProfile;
import dev.tcpfleet.domain.profiles.Violation;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Sysctl profiles: the built-in ones, read-only, and the stored ones, a new version on every change. */
@ApplicationScoped
public class ProfileService {
    public static final int MAX_DESCRIPTION_LENGTH = 1000;

    private static final Pattern NAME = Pattern.compile(SysctlProfile.NAME_PATTERN);
    private static final Map<String, SysctlProfile> BUILT_IN = BuiltInProfiles.all().stream()
            .collect(Collectors.toUnmodifiableMap(SysctlProfile::name, Function.identity()));

    private final ProfileStore store;
    private final ProfileUsers users;

    ProfileService(ProfileStore store, ProfileUsers users) {
        this.store = store;
        this.users = users;
    }

    /** The answer to a PUT: what it did and the version the profile has now. */
    public record Saved(ProfileRevision revision, ProfileView profile) {
    }

    /** The built-in profiles, then the newest version of each stored profile that is not deleted, by name. */
    public List<ProfileView> list() {
        return Stream.concat(BuiltInProfiles.all().stream().map(ProfileView::builtIn),
                store.listed().stream().map(ProfileView::stored)).toList();
    }

    public ProfileView latest(String name) {
        requireWellFormed(name);
        if (BUILT_IN.containsKey(name)) {
            return ProfileView.builtIn(BUILT_IN.get(name));
        }
        return store.newest(name).filter(row -> row.deletedAt() == null).map(ProfileView::stored)
                .orElseThrow(() -> Refused.notFound("profile", name));
    }

    /** Every version, oldest first, including those of a deleted profile: history outlives the profile. */
    public List<ProfileView> versions(String name) {
        requireWellFormed(name);
        if (BUILT_IN.containsKey(name)) {
            return List.of(ProfileView.builtIn(BUILT_IN.get(name)));
        }
        List<ProfileView> versions = store.versions(name).stream().map(ProfileView::stored).toList();
        if (versions.isEmpty()) {
            throw Refused.notFound("profile", name);
        }
        return versions;
    }

    public ProfileView version(String name, int version) {
        requireWellFormed(name);
        if (BUILT_IN.containsKey(name) && version == BUILT_IN.get(name).version()) {
            return ProfileView.builtIn(BUILT_IN.get(name));
        }
        return store.version(name, version).map(ProfileView::stored)
                .orElseThrow(() -> Refused.notFound("profile version", name + "/" + version));
    }

    /**
     * As {@link #applicableProfile}, for a request that names a profile to act on later (a rollout, an automation
     * rule): one that does not exist is the request's fault, so a 400 naming {@code profile} or {@code version}.
     */
    public ProfileView requestedProfile(String name, Integer version) {
        try {
            return applicableProfile(name, version);
        } catch (Refused.NotFound e) {
            throw Refused.invalid(version == null ? "profile" : "version", e.getMessage());
        }
    }

    /** Profile {@code name} at {@code version} (null for the newest), if it passes today's validation: a 409 if not. */
    public ProfileView applicableProfile(String name, Integer version) {
        ProfileView profile = version == null ? latest(name) : version(name, version);
        List<Violation> violations = ProfileValidator.validate(profile.settings(), null);
        if (!violations.isEmpty()) {
            throw Refused.conflict("profile", "profile " + profile.name() + " v" + profile.version()
                    + " no longer passes validation: " + violations.stream()
                            .map(v -> v.key() + ": " + v.reason()).collect(Collectors.joining("; ")));
        }
        return profile;
    }

    @Transactional
    public Saved put(String name, ProfileRequest request) {
        SysctlProfile requested = validated(name, request);
        store.lock(name);
        Optional<ProfileVersion> newest = store.newest(name);
        ProfileRevision revision = ProfileRevision.decide(newest.map(ProfileVersion::profile),
                newest.map(row -> row.deletedAt() != null).orElse(false), requested);
        if (revision.kind() == ProfileRevision.Kind.UNCHANGED) {
            return new Saved(revision, ProfileView.stored(newest.orElseThrow()));
        }
        ProfileVersion row = store.insert(new SysctlProfile(name, revision.version(), requested.description(),
                requested.settings()));
        return new Saved(revision, ProfileView.stored(row));
    }

    /**
     * Hides the profile from the list; its versions stay readable, and a later PUT continues their numbering. What
     * uses the profile (automation rules) refuses the delete ({@code in_use}) unless {@code force}, when it is stopped
     * in the same transaction.
     */
    @Transactional
    public void delete(String name, boolean force) {
        requireWellFormed(name);
        refuseBuiltIn(name, "deleted");
        store.lock(name);
        if (store.newest(name).filter(row -> row.deletedAt() == null).isEmpty()) {
            throw Refused.notFound("profile", name);
        }
        users.releaseProfile(name, force);
        if (!store.markDeleted(name)) {
            throw Refused.notFound("profile", name);
        }
    }

    private static SysctlProfile validated(String name, ProfileRequest request) {
        if (!NAME.matcher(name).matches()) {
            throw Refused.invalid("name", "a profile name is 1 to 63 lowercase letters, digits and . _ -,"
                    + " starting with a letter or digit (" + SysctlProfile.NAME_PATTERN + ")");
        }
        refuseBuiltIn(name, "replaced");
        if (request == null) {
            throw Refused.invalid(null, "a JSON body {\"description\": ..., \"settings\": {...}} is required");
        }
        if (request.settings() == null) {
            throw Refused.invalid("settings", "settings is required: an object of sysctl key to value");
        }
        String description = request.description() == null ? "" : request.description().strip();
        if (description.chars().anyMatch(c -> c < 0x20 && c != '\t' && c != '\n')) {
            throw Refused.invalid("description", "a description holds no control characters");
        }
        if (description.length() > MAX_DESCRIPTION_LENGTH) {
            throw Refused.invalid("description",
                    "a description is at most " + MAX_DESCRIPTION_LENGTH + " characters");
        }
        List<Violation> violations = request.nonStringValues();
        if (violations.isEmpty()) {
            violations = ProfileValidator.validate(request.textSettings(), null);
        }
        if (!violations.isEmpty()) {
            throw Refused.invalid(violations.stream().map(ProfileService::fieldError).toList());
        }
        return new SysctlProfile(name, 1, description, request.textSettings());
    }

    private static FieldError fieldError(Violation violation) {
        String field = violation.key().equals(Violation.WHOLE_PROFILE) ? "settings" : "settings." + violation.key();
        return new FieldError(field, violation.reason());
    }

    private static void refuseBuiltIn(String name, String verb) {
        if (BUILT_IN.containsKey(name)) {
            throw Refused.conflict("name", "'" + name + "' is a built-in profile and cannot be " + verb
                    + "; copy its settings under another name");
        }
    }

    /** A name no profile can have is unknown, and never reaches SQL (PostgreSQL refuses NUL in text). */
    private static void requireWellFormed(String name) {
        if (name == null || !name.matches(SysctlProfile.NAME_PATTERN)) {
            throw Refused.notFound("profile", String.valueOf(name));
        }
    }
}
