package dev.tcpfleet.controlplane.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TokenSecretsTest {

    @Test
    void aSecretIs256RandomBitsThatTheRedactionRecognises() {
        String one = TokenSecrets.generate();
        assertTrue(TokenSecrets.SECRET.matcher(one).matches(), one);
        assertNotEquals(one, TokenSecrets.generate());
        assertEquals("{\"hosts\": [\"tf_[redacted]\"]}", TokenSecrets.redact("{\"hosts\": [\"" + one + "\"]}"));
    }

    @Test
    void theHashIsSha256InHex() {
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", TokenSecrets.hash("abc"));
    }
}
