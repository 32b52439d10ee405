package dev.tcpfleet.protocol;

/** How a tuning command ended on one host. */
public enum TuningOutcome {
    /** Every key now holds its desired value, verified by reading it back, and is persisted. */
    APPLIED,
    /** Every key already held its desired value: nothing written. */
    UNCHANGED,
    /** A dry run: the changes an apply would make, none made. */
    PLANNED,
    /** A write or its verification failed; every key changed by this command was restored. */
    ROLLED_BACK,
    /** Refused before any write: invalid profile, keys this kernel lacks, a bad signature or an expired command. */
    REJECTED,
    /** Went wrong and could not be put right: the host may be partly changed (see the per-key values). */
    FAILED,
    /**
     * An earlier apply was undone: on request (the rollback's own result), or by the host itself when the
     * apply's confirm window closed unconfirmed (reported under the apply's id).
     */
    REVERTED,
    /** An apply awaiting confirmation was confirmed: it stays. */
    CONFIRMED
}
