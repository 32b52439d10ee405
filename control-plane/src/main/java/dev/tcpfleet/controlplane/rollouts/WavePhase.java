package dev.tcpfleet.controlplane.rollouts;

/** Where one wave stands: sent, answered, baked and judged, in that order. */
public enum WavePhase {
    /** Not sent yet. */
    PENDING,
    /** Its apply is issued; waiting for every host's answer or the answer timeout. */
    ANSWERING,
    /** Answered; waiting out the bake time, then (while data is missing and the policy allows) for the gate. */
    BAKING,
    PASSED,
    FAILED
}
