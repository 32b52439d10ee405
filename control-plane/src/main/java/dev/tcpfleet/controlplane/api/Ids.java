package dev.tcpfleet.controlplane.api;

import java.util.UUID;

/** The ids the API mints: the text of a UUID, so a string that is not one never reaches SQL. */
public final class Ids {
    private Ids() {
    }

    public static boolean isUuid(String id) {
        try {
            return id != null && UUID.fromString(id).toString().equals(id);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
