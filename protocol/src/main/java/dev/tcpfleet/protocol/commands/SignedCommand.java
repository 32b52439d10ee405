package dev.tcpfleet.protocol.commands;

/**
 * A command as it travels on the commands topic: the exact JSON bytes the control plane signed, and the
 * Ed25519 signature over them. Signing bytes rather than a re-serialised object means no canonical form
 * has to be agreed on: the agent verifies what it received, then parses it.
 *
 * @param payload   base64 of the {@link FleetCommand} JSON (a tuning or a stress command)
 * @param signature base64 Ed25519 signature of the payload bytes
 */
public record SignedCommand(String payload, String signature) {
}
