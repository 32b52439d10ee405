package dev.tcpfleet.protocol.stress;

/**
 * One host's answer to a stress command, on {@link dev.tcpfleet.protocol.Topics#STRESS_RESULTS}: its result, or its
 * refusal inside the result. The campaign is the result's {@code testId}.
 *
 * @param schemaVersion {@link StressRequest#SCHEMA_VERSION} of the writer
 * @param commandId     the stress command it answers
 * @param hostId        the host
 * @param result        what the test measured, or why the host did not run it
 */
public record StressReport(int schemaVersion, String commandId, String hostId, StressResult result) {
}
