package dev.tcpfleet.protocol.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class CommandIdsTest {
    @Test
    void theIdsTheControlPlaneMakesMatch() {
        String campaign = UUID.randomUUID().toString();
        assertTrue(CommandIds.isValid(campaign));
        assertTrue(CommandIds.isValid(campaign + "-9999"));
        assertTrue(CommandIds.isValid(campaign + "-9999-stop"));
    }

    @ParameterizedTest
    @ValueSource(strings = {".hidden", "..", ".", "-rf", "_x", "a/b", "a b", "a\u0000b", "é", "", "apply\n"})
    void anIdThatIsNoPlainFileNameDoesNot(String id) {
        assertFalse(CommandIds.isValid(id));
        assertEquals("command id must match " + CommandIds.PATTERN, CommandIds.problem("command id", id));
    }

    @Test
    void lengthIsOneTo128() {
        assertTrue(CommandIds.isValid("a"));
        assertTrue(CommandIds.isValid("a".repeat(128)));
        assertFalse(CommandIds.isValid("a".repeat(129)));
        assertFalse(CommandIds.isValid(null));
        assertNull(CommandIds.problem("command id", "x.y_z-1"));
    }
}
