package dev.tcpfleet.controlplane.enrolment;

import java.util.Locale;

/** Where a host stands: only an accepted host's messages are stored, and only it may be chosen for fleet work. */
public enum EnrolmentStatus {
    PENDING, ACCEPTED, REJECTED, REVOKED;

    /** As the database and the API spell it. */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static EnrolmentStatus of(String word) {
        return valueOf(word.toUpperCase(Locale.ROOT));
    }
}
