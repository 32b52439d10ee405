package dev.tcpfleet.controlplane.profiles;

/** What depends on profiles (automation rules apply them); the automation feature provides it. */
public interface ProfileUsers {
    /**
     * Clears the way for deleting profile {@code name}, in the deleting transaction: refuses ({@code in_use}) naming
     * what uses it, unless {@code force}, when those users are stopped instead.
     */
    void releaseProfile(String name, boolean force);
}
