package dev.tcpfleet.controlplane.commands;

/** Where one host's command stands, as stored in {@code command_hosts.status}. */
enum HostCommandStatus {
    /** Stored; the broker has not yet confirmed it has the command. */
    PENDING,
    SENT,
    /**
     * The broker refused it; it is sent again ({@code CommandSender.resendUnsent}) until the command expires, so the
     * host may still get it.
     */
    NOT_SENT,
    /** The agent's result is stored. */
    ANSWERED
}
